import { describe, expect, it } from "vitest";
import { isPublicAddress, refusedRange } from "./address-policy.ts";

/** The host a URL really names, as a connector sees it (WHATWG-normalised, IPv6 without brackets). */
function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, "");
}

describe("refusedRange on the address forms of the SSRF issue", () => {
  it.each([
    ["http://[::ffff:127.0.0.1]:8080/notes.md", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://0x7f.0.0.1/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://[::1]/", "loopback"],
    ["http://169.254.169.254/latest/meta-data", "linkLocal"],
    ["http://[fe80::1]/", "linkLocal"],
    ["http://100.64.0.1/", "carrierGradeNat"],
    ["http://198.18.0.1/", "reserved"],
    ["http://192.0.2.1/", "reserved"],
    ["http://[fc00::1]/", "uniqueLocal"],
    ["http://10.0.0.5/", "private"],
    ["http://172.16.3.4/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://[::ffff:10.0.0.1]/", "private"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://240.0.0.1/", "reserved"],
  ])("%s is refused (%s)", (url, range) => {
    expect(refusedRange(hostOf(url))).toEqual(range);
    expect(isPublicAddress(hostOf(url))).toBe(false);
  });

  it("normalises the numeric IPv4 forms to 127.0.0.1 before anything classifies them", () => {
    for (const url of ["http://2130706433/", "http://0x7f.0.0.1/", "http://0177.0.0.1/"]) {
      expect(hostOf(url)).toBe("127.0.0.1");
    }
  });
});

describe("refusedRange on IPv6 transition forms", () => {
  it("judges NAT64 and 6to4 by the IPv4 address they carry", () => {
    expect(refusedRange("64:ff9b::7f00:1")).toMatch(/loopback/);
    expect(refusedRange("64:ff9b::a9fe:a9fe")).toMatch(/linkLocal/);
    expect(refusedRange("2002:7f00:1::")).toMatch(/loopback/);
    expect(refusedRange("2002:c0a8:101::1")).toMatch(/private/);
    expect(refusedRange("64:ff9b::5db8:d822")).toBeNull();
    expect(refusedRange("64:ff9b:1::5db8:d822")).toBe("rfc6052");
    expect(refusedRange("2002:5db8:d822::1")).toBeNull();
  });

  it("refuses Teredo and addresses outside the global unicast block", () => {
    expect(refusedRange("2001:0:4136:e378:8000:63bf:3fff:fdd2")).toBe("teredo");
    expect(refusedRange("fec0::1")).toBe("deprecatedSiteLocal");
    expect(refusedRange("100::1")).toBe("discard");
    expect(refusedRange("2001:db8::1")).toBe("reserved");
    expect(refusedRange("4000::1")).toBe("reserved");
  });
});

describe("refusedRange on public addresses", () => {
  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "2606:2800:220:1:248:1893:25c8:1946",
    "::ffff:93.184.216.34",
  ])("%s is allowed", (address) => {
    expect(refusedRange(address)).toBeNull();
    expect(isPublicAddress(address)).toBe(true);
  });

  it("refuses what is not an address at all", () => {
    expect(refusedRange("example.org")).toBe("invalid");
  });
});
