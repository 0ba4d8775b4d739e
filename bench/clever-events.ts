// A night's worth of Clever events on the generated district, emitted through the fake (which applies
// each to its data, as Clever's data reflects its events): renames, students moved between classes and
// people deleted, interleaved as they would arrive. Deterministic, so every run replays the same night.
import type {
  FakeClever,
  FakeCleverDistrict,
  FakeSection,
  FakeUser,
} from "../test/support/fake-clever-server.ts";

export interface EventMix {
  renames: number;
  moves: number;
  deletes: number;
  /** Moves that touch a class already moved earlier in the night (so the events come in several batches). */
  repeatedMoves: number;
}

/** 1,000 events: 450 renames, 450 class changes (50 of them a second change to the same class), 100 deletions. */
export const DEFAULT_EVENT_MIX: EventMix = { renames: 450, moves: 450, deletes: 100, repeatedMoves: 50 };

type Planned = { type: string; object: FakeUser | FakeSection; previous?: Record<string, unknown> };

/**
 * Emits the mix and returns how many events it made. Renamed and deleted people never overlap; a move
 * takes a class's first student out and puts in one from far away in the district (so never one it has).
 */
export function emitNight(clever: FakeClever, district: FakeCleverDistrict, mix = DEFAULT_EVENT_MIX): number {
  const students = district.users.filter((u) => u.roles.student);
  const teachers = district.users.filter((u) => u.roles.teacher);
  const renames: Planned[] = [];
  for (let i = 0; i < mix.renames; i++) {
    // Nine in ten renames are students, the rest teachers.
    const user = i % 10 === 9 ? teachers[i % teachers.length]! : students[(i * 40) % students.length]!;
    const name = { ...user.name, last: `${user.name?.last ?? ""}-Renamed` };
    renames.push({ type: "users.updated", object: { ...user, name }, previous: { name: user.name } });
  }
  const deletes: Planned[] = [];
  for (let i = 0; i < mix.deletes; i++) {
    deletes.push({ type: "users.deleted", object: students[(i * 40 + 20) % students.length]! });
  }
  const moves: Planned[] = [];
  const sections = district.sections;
  const firstPass = mix.moves - mix.repeatedMoves;
  for (let i = 0; i < mix.moves; i++) {
    // 7 and the 800 classes share no factor, so the first pass touches distinct classes.
    const n = i < firstPass ? (i * 7) % sections.length : ((i - firstPass) * 7) % sections.length;
    const section = sections[n]!;
    const incoming = students[(n * 150 + 7_150 + i) % students.length]!.id;
    const members = section.students.includes(incoming)
      ? section.students
      : [...section.students.slice(1), incoming];
    const changed = { ...section, students: members };
    sections[n] = changed;
    moves.push({ type: "sections.updated", object: changed, previous: { students: section.students } });
  }
  const night = interleave([renames, moves, deletes]);
  for (const event of night) clever.emit(district.id, event.type, event.object, event.previous);
  return night.length;
}

/** Round-robin over the lists, each in its own order. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}
