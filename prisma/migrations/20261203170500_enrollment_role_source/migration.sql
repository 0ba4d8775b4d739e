-- Each enrolment remembers who set its role, so an LMS can lower a role its own launches or roster
-- raised (the latest launch or NRPS roster says Learner) but never one staff or a chat platform gave.
-- Existing roles are taken to come from the enrolment's source: roles an LMS launch raised on a chat
-- enrolment before this change are not known as such and stay as they are until staff change them.
ALTER TABLE "Enrollment" ADD COLUMN "roleSource" "EnrollmentSource";
UPDATE "Enrollment" SET "roleSource" = "source";
ALTER TABLE "Enrollment" ALTER COLUMN "roleSource" SET NOT NULL;
