// The audit log end to end on PGlite: every staff action the issue lists is recorded by its own core use
// case (not by a front end), listed newest first, scoped to the course for its staff, and free of
// students' words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import { setAnswerPolicy } from "../courses/set-answer-policy.ts";
import type { Database } from "../db/open-database.ts";
import { AppError } from "../errors/app-error.ts";
import { silentLogger } from "../logger.ts";
import { addMaterial, removeMaterial } from "../materials/manage-materials.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { deletePerson } from "../privacy/delete-person.ts";
import { exportPerson } from "../privacy/export-person.ts";
import { createQuestionWriter, generateQuiz } from "../quiz/generate/generate-quiz.ts";
import { approveQuiz, discardQuiz, updateQuestion } from "../quiz/manage-quizzes.ts";
import { bindSpace, startSpaceBinding } from "../spaces/bind-space.ts";
import { unbindSpace } from "../spaces/unbind-space.ts";
import { AUDIT_ACTIONS } from "./audit-actions.ts";
import { listAudit } from "./list-audit.ts";
import { recordAudit } from "./record-audit.ts";

const ai = createAi({ provider: "local" });
const staff: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-STAFF", displayName: "Dr Staff" };
const otherStaff: Actor = { platform: "DISCORD", tenant: "", externalId: "D-OTHER", displayName: "Mx Other" };
const student = studentActor("U-AUDIT-STUDENT");
const operator: Actor = { platform: "CLI", tenant: "", externalId: "ops", displayName: "ops" };
const logger = silentLogger();
let database: Database;
let courseId: string;
let otherCourseId: string;
const db = () => database.prisma;
const asOperator = { kind: "operator" as const, actor: operator };

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Audited Biology", [staff], "STAFF")).id;
  otherCourseId = (await seedCourse(db(), "Other Chemistry", [otherStaff], "STAFF")).id;
  const { userId } = await resolveUser(db(), student);
  await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "DISCORD" });
});
afterAll(() => database?.close());

describe("audit log", () => {
  it("records every staff action of the issue's list through the use case that performs it", async () => {
    const ingest = { db: db(), embedder: ai.embedder, logger };
    const { material } = await addMaterial(
      { actor: staff, courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
      ingest,
    );
    const spare = await addMaterial(
      {
        actor: staff,
        courseId,
        data: Buffer.from("# Spare\n\nA spare page about osmosis."),
        fileName: "spare.md",
      },
      ingest,
    );
    await removeMaterial(db(), { actor: staff, courseId, materialId: spare.material.id });
    const writer = createQuestionWriter(ai);
    const generated = await generateQuiz(
      { actor: staff, courseId, count: 3, materialIds: [material.id] },
      { db: db(), embedder: ai.embedder, writer, logger, minSimilarity: ai.defaultMinSimilarity },
    );
    const first = await db().question.findFirstOrThrow({ where: { quizId: generated.quizId, position: 0 } });
    await updateQuestion(db(), {
      actor: staff,
      courseId,
      quizId: generated.quizId,
      position: 0,
      question: {
        kind: "SHORT_TEXT",
        prompt: first.prompt,
        acceptedAnswers: ["mitochondrion"],
      },
    });
    await approveQuiz(db(), { actor: staff, courseId, quizId: generated.quizId });
    const second = await generateQuiz(
      { actor: staff, courseId, count: 2, materialIds: [material.id] },
      { db: db(), embedder: ai.embedder, writer, logger, minSimilarity: ai.defaultMinSimilarity },
    );
    await discardQuiz(db(), { actor: staff, courseId, quizId: second.quizId });
    await setAnswerPolicy(db(), { actor: staff, courseId, policy: "SOCRATIC" });
    const { code } = await startSpaceBinding(db(), { actor: staff, courseId });
    const channel = { platform: "SLACK" as const, tenant: "T1", channelId: "C-BIO", name: "bio" };
    await bindSpace(db(), { actor: staff, space: channel, platformStaff: true, course: { code } });
    await unbindSpace(db(), { actor: staff, space: channel, platformStaff: true });
    await exportPerson(
      { requester: { kind: "staff", actor: staff, courseId }, person: { identity: student } },
      { db: db(), logger },
    );
    await deletePerson({ requester: asOperator, person: { identity: student } }, { db: db(), logger });

    const lines = await listAudit(db(), { requester: { kind: "staff", actor: staff, courseId }, limit: 100 });
    // Entries of the same millisecond have no order between them, so compare the lists sorted.
    const actions = lines.map((l) => l.action).sort();
    const expected = [
      "material.added",
      "material.added",
      "material.deleted",
      "quiz.generated",
      "quiz.edited",
      "quiz.approved",
      "quiz.generated",
      "quiz.discarded",
      "course.policy_changed",
      "space.bound",
      "space.unbound",
      "privacy.exported",
      "privacy.deleted",
    ];
    expect(actions).toEqual(expected.sort());
    // Every kind of action the issue lists has a label the pages and the CLI show.
    for (const line of lines)
      expect(line.label).toBe(AUDIT_ACTIONS[line.action as keyof typeof AUDIT_ACTIONS]);
    const staffLines = lines.filter((l) => l.action !== "privacy.deleted");
    expect(staffLines.every((l) => l.actorName === "Dr Staff" && l.actorPlatform === "SLACK")).toBe(true);
    expect(lines.find((l) => l.action === "course.policy_changed")?.details).toEqual({
      from: "FULL",
      to: "SOCRATIC",
    });
    expect(lines.find((l) => l.action === "privacy.deleted")).toMatchObject({
      actorPlatform: "CLI",
      targetType: "person",
      targetId: null,
    });
  });

  it("shows course staff only their course, refuses students, and gives operators every entry", async () => {
    await setAnswerPolicy(db(), { actor: otherStaff, courseId: otherCourseId, policy: "HINTS" });
    const other = await listAudit(db(), {
      requester: { kind: "staff", actor: otherStaff, courseId: otherCourseId },
    });
    expect(other.map((l) => l.action)).toEqual(["course.policy_changed"]);
    expect(other.every((l) => l.courseId === otherCourseId)).toBe(true);

    // Staff of one course naming another course in the request get their own course (the scope is the
    // session's), and a student is refused outright.
    const someoneElse = studentActor("U-AUDIT-OTHER");
    const { userId } = await resolveUser(db(), someoneElse);
    await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "DISCORD" });
    await expect(
      listAudit(db(), { requester: { kind: "staff", actor: someoneElse, courseId } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      listAudit(db(), { requester: { kind: "staff", actor: otherStaff, courseId } }),
    ).rejects.toMatchObject({ code: "forbidden" });

    const all = await listAudit(db(), { requester: asOperator, limit: 500 });
    expect(new Set(all.map((l) => l.courseId))).toEqual(new Set([courseId, otherCourseId, null]));
    const onlyOther = await listAudit(db(), { requester: asOperator, courseId: otherCourseId });
    expect(onlyOther).toHaveLength(1);
  });

  it("refuses an operator request that does not come from the CLI", async () => {
    await expect(listAudit(db(), { requester: { kind: "operator", actor: staff } })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("pages back from an entry, neither repeating nor skipping one", async () => {
    const requester = { kind: "staff" as const, actor: staff, courseId };
    const everything = await listAudit(db(), { requester, limit: 500 });
    const firstPage = await listAudit(db(), { requester, limit: 5 });
    const secondPage = await listAudit(db(), { requester, limit: 500, before: firstPage.at(-1)!.id });
    expect([...firstPage, ...secondPage].map((l) => l.id)).toEqual(everything.map((l) => l.id));
  });

  it("refuses details that could carry a student's words or a secret, and rolls the action back with it", async () => {
    const long = "x".repeat(201);
    await expect(
      db().$transaction(async (tx) => {
        await tx.course.update({ where: { id: courseId }, data: { answerPolicy: "FULL" } });
        await recordAudit(tx, { action: "course.policy_changed", courseId, details: { question: long } });
      }),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      recordAudit(db(), {
        action: "quiz.edited",
        courseId,
        details: { nested: { token: "xoxb-1" } } as never,
      }),
    ).rejects.toMatchObject({ code: "internal" });
    const course = await db().course.findUniqueOrThrow({ where: { id: courseId } });
    expect(course.answerPolicy).toBe("SOCRATIC");
  });

  it("names no student's words and no deleted person anywhere in the log", async () => {
    const rows = await db().auditEntry.findMany();
    const text = JSON.stringify(rows);
    expect(text).not.toContain("U-AUDIT-STUDENT");
    expect(text).not.toContain("Student U-AUDIT-STUDENT");
  });
});
