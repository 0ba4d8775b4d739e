import type { Tx } from "../quiz/live/live-session.ts";
import type { PersonIdentity } from "./person-key.ts";

/**
 * What a front end erases of its own tables when a person or a course is deleted (the LMS tool's
 * sessions, ltijs's id tokens and the ledger of scores owed to LMS gradebooks live in tables only it
 * reads). Core calls it inside the deletion's transaction, so nothing is left half-deleted. Each
 * returns how many rows it removed.
 */
export interface PrivacyEraser {
  name: string;
  erasePerson?(tx: Tx, person: { userId: string; identities: PersonIdentity[] }): Promise<number>;
  eraseCourse?(tx: Tx, course: { id: string }): Promise<number>;
}
