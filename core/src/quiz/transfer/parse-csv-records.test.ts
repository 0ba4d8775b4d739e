import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsvRecords } from "./parse-csv-records.ts";

describe("parseCsvRecords", () => {
  it("reads quoted commas, doubled quotes and line breaks inside quotes, with the line each row starts on", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nlast,,\r\n';
    const { records, problems } = parseCsvRecords(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'say "hi"', "two\r\nlines"] },
      { line: 4, fields: ["last", "", ""] },
    ]);
  });

  it("drops a byte order mark and accepts LF, CR and a missing final line break", () => {
    expect(parseCsvRecords("\uFEFFa,b\nc,d\re,f").records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
      { line: 3, fields: ["e", "f"] },
    ]);
  });

  it("skips blank rows that spreadsheets save as commas, keeping line numbers true", () => {
    expect(parseCsvRecords("a,b\n,\n\nc,d\n").records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 4, fields: ["c", "d"] },
    ]);
  });

  it("says which line opens a quote that never closes", () => {
    expect(parseCsvRecords('a,b\nc,"open\nstill open\n').problems).toEqual([
      { line: 2, message: expect.stringContaining("never closed") },
    ]);
  });

  it("refuses a quote inside an unquoted field and text after a closing quote", () => {
    expect(parseCsvRecords('a,b\nc,5" pipe\n').problems[0]).toMatchObject({ line: 2 });
    expect(parseCsvRecords('a,b\nc,"x"y\n').problems[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining("closing quote"),
    });
  });

  it("reads semicolon files as European spreadsheets save them", () => {
    expect(detectDelimiter("type;question;correct\n")).toBe(";");
    expect(detectDelimiter('"a;b",c\n')).toBe(",");
    expect(parseCsvRecords("a;b\n1;2\n").records[1]!.fields).toEqual(["1", "2"]);
  });
});
