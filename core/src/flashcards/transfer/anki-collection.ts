// An Anki collection in the legacy schema (version 11, "collection.anki2") that every Anki since 2.1
// and AnkiDroid import: the tables col, notes, cards, revlog and graves, with the note type and the
// deck as JSON in the col row. Built in memory with sql.js (SQLite compiled to WebAssembly).
import { createHash } from "node:crypto";
import initSqlJs from "sql.js";

/** One note of the package: plain text, turned into Anki's HTML fields here. */
export interface AnkiNote {
  /** Stable per card, so importing the same export twice updates notes instead of duplicating them. */
  guid: string;
  front: string;
  back: string;
  hint: string | null;
  tags: string[];
}

export interface AnkiDeckInput {
  name: string;
  description: string;
  notes: AnkiNote[];
  /** Milliseconds since the epoch: note, card and deck ids derive from it. */
  nowMs: number;
}

const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);`;

/** Our note type's id: fixed, so every export from StudyHall shares one note type in Anki. */
export const STUDYHALL_MODEL_ID = 1_733_500_000_000;
const DEFAULT_CONF_ID = 1;

/** Plain text as an Anki field: HTML-escaped, line breaks as <br>. */
function toField(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
}

/** Anki's duplicate check: the first 8 hex digits of the SHA-1 of the first field's text, as a number. */
export function fieldChecksum(text: string): number {
  return Number.parseInt(createHash("sha1").update(text, "utf8").digest("hex").slice(0, 8), 16);
}

/** Front, Back and Hint; the hint shows on the front as Anki's click-to-reveal hint. */
function noteType(deckId: number, nowSec: number) {
  const field = (name: string, ord: number) => ({
    name,
    ord,
    sticky: false,
    rtl: false,
    font: "Arial",
    size: 20,
    media: [],
  });
  return {
    [STUDYHALL_MODEL_ID]: {
      id: STUDYHALL_MODEL_ID,
      name: "StudyHall Basic",
      type: 0,
      mod: nowSec,
      usn: -1,
      sortf: 0,
      did: deckId,
      tags: [],
      vers: [],
      flds: [field("Front", 0), field("Back", 1), field("Hint", 2)],
      tmpls: [
        {
          name: "Card 1",
          ord: 0,
          qfmt: "{{Front}}{{#Hint}}<br><br>{{hint:Hint}}{{/Hint}}",
          afmt: "{{Front}}<hr id=answer>{{Back}}",
          did: null,
          bqfmt: "",
          bafmt: "",
        },
      ],
      css: ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n background-color: white;\n}\n",
      latexPre:
        "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
      latexPost: "\\end{document}",
      req: [[0, "any", [0]]],
    },
  };
}

function deckJson(id: number, name: string, description: string, nowSec: number) {
  const today = [0, 0];
  return {
    id,
    name,
    desc: description,
    mod: nowSec,
    usn: -1,
    dyn: 0,
    conf: DEFAULT_CONF_ID,
    collapsed: false,
    extendNew: 10,
    extendRev: 50,
    newToday: today,
    revToday: today,
    lrnToday: today,
    timeToday: today,
  };
}

const DECK_OPTIONS = {
  [DEFAULT_CONF_ID]: {
    id: DEFAULT_CONF_ID,
    name: "Default",
    mod: 0,
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: {
      bury: true,
      delays: [1, 10],
      initialFactor: 2500,
      ints: [1, 4, 7],
      order: 1,
      perDay: 20,
      separate: true,
    },
    lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
  },
};

/** sql.js compiles its WebAssembly once per process; later exports reuse it. */
let sqlJs: ReturnType<typeof initSqlJs> | null = null;

/** The SQLite file of a collection holding one deck of new cards. */
export async function buildAnkiCollection(input: AnkiDeckInput): Promise<Uint8Array> {
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs.catch((error: unknown) => {
    sqlJs = null;
    throw error;
  });
  const db = new SQL.Database();
  try {
    const nowSec = Math.floor(input.nowMs / 1000);
    const deckId = input.nowMs;
    db.run(SCHEMA);
    const conf = {
      activeDecks: [deckId],
      curDeck: deckId,
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      estTimes: true,
      dueCounts: true,
      curModel: String(STUDYHALL_MODEL_ID),
      nextPos: input.notes.length + 1,
      sortType: "noteFld",
      sortBackwards: false,
      addToCur: true,
    };
    const decks = {
      1: deckJson(1, "Default", "", nowSec),
      [deckId]: deckJson(deckId, input.name, input.description, nowSec),
    };
    db.run("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')", [
      nowSec - (nowSec % 86_400),
      input.nowMs,
      input.nowMs,
      JSON.stringify(conf),
      JSON.stringify(noteType(deckId, nowSec)),
      JSON.stringify(decks),
      JSON.stringify(DECK_OPTIONS),
    ]);
    const note = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const card = db.prepare(
      "INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
    );
    for (const [i, n] of input.notes.entries()) {
      const id = input.nowMs + i;
      const tags = n.tags.length ? ` ${n.tags.map((t) => t.replace(/\s+/g, "_")).join(" ")} ` : "";
      const fields = [n.front, n.back, n.hint ?? ""].map(toField).join("\x1f");
      note.run([id, n.guid, STUDYHALL_MODEL_ID, nowSec, tags, fields, n.front, fieldChecksum(n.front)]);
      // New cards are due in note order ("due" is the new-card position).
      card.run([id, id, deckId, nowSec, i + 1]);
    }
    note.free();
    card.free();
    return db.export();
  } finally {
    db.close();
  }
}
