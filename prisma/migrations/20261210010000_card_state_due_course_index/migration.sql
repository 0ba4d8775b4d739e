-- The due counts filter a person's due cards by the courses they are in: with the course in the index,
-- counting reads the index alone (7 pages instead of ~390 heap pages for a daily reviewer, measured in
-- BENCHMARKS.md "Flashcards"); "what is due now" uses the same index.
DROP INDEX "CardState_userId_due_idx";
CREATE INDEX "CardState_userId_due_courseId_idx" ON "CardState"("userId", "due", "courseId");
