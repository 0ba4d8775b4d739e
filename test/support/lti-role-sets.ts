// The roles claims Canvas and Moodle really send in LTI 1.3 launches (and NRPS members), one set per
// kind of person, with the course role StudyHall gives each. Canvas maps its enrolments to context
// roles and adds institution roles for what the person is anywhere in the account (so a student of
// this course who teaches another one carries `institution/person#Instructor`).

const LIS = "http://purl.imsglobal.org/vocab/lis/v2";

export const ROLE = {
  instructor: `${LIS}/membership#Instructor`,
  learner: `${LIS}/membership#Learner`,
  teachingAssistant: `${LIS}/membership#TeachingAssistant`,
  instructorTeachingAssistant: `${LIS}/membership/Instructor#TeachingAssistant`,
  contentDeveloper: `${LIS}/membership#ContentDeveloper`,
  mentor: `${LIS}/membership#Mentor`,
  institutionInstructor: `${LIS}/institution/person#Instructor`,
  institutionStudent: `${LIS}/institution/person#Student`,
  institutionAdministrator: `${LIS}/institution/person#Administrator`,
  systemUser: `${LIS}/system/person#User`,
  systemSysAdmin: `${LIS}/system/person#SysAdmin`,
  systemAdministrator: `${LIS}/system/person#Administrator`,
  testUser: "http://purl.imsglobal.org/vocab/lti/system/person#TestUser",
} as const;

export interface LmsRoleSet {
  /** Who sends it, in words. */
  who: string;
  roles: string[];
  expected: "STAFF" | "STUDENT";
}

export const CANVAS_ROLE_SETS = {
  teacher: {
    who: "Canvas teacher",
    roles: [ROLE.instructor, ROLE.institutionInstructor, ROLE.systemUser],
    expected: "STAFF",
  },
  studentWhoTeachesElsewhere: {
    who: "Canvas student who teaches another course",
    roles: [ROLE.learner, ROLE.institutionInstructor, ROLE.institutionStudent, ROLE.systemUser],
    expected: "STUDENT",
  },
  student: {
    who: "Canvas student",
    roles: [ROLE.learner, ROLE.institutionStudent, ROLE.systemUser],
    expected: "STUDENT",
  },
  teachingAssistant: {
    who: "Canvas TA",
    roles: [ROLE.teachingAssistant, ROLE.institutionStudent, ROLE.systemUser],
    expected: "STAFF",
  },
  teachingAssistantSubRole: {
    who: "Canvas TA (sub-role of Instructor)",
    roles: [ROLE.instructorTeachingAssistant, ROLE.systemUser],
    expected: "STAFF",
  },
  accountAdmin: {
    who: "Canvas account admin opening a course they are not enrolled in",
    roles: [ROLE.institutionAdministrator, ROLE.systemUser],
    expected: "STAFF",
  },
  siteAdmin: {
    who: "Canvas site admin opening a course they are not enrolled in",
    roles: [ROLE.institutionAdministrator, ROLE.systemSysAdmin, ROLE.systemUser],
    expected: "STAFF",
  },
  adminEnrolledAsStudent: {
    who: "Canvas account admin enrolled as a student of this course",
    roles: [ROLE.learner, ROLE.institutionAdministrator, ROLE.systemUser],
    expected: "STUDENT",
  },
  designer: {
    who: "Canvas designer",
    roles: [ROLE.contentDeveloper, ROLE.institutionInstructor, ROLE.systemUser],
    expected: "STAFF",
  },
  observer: {
    who: "Canvas observer",
    roles: [ROLE.mentor, ROLE.systemUser],
    expected: "STUDENT",
  },
  testStudent: {
    who: "Canvas test student (Student View)",
    roles: [ROLE.learner, ROLE.testUser],
    expected: "STUDENT",
  },
  teacherOfNoCourse: {
    who: "Canvas user with an institution Instructor role and no role in this course",
    roles: [ROLE.institutionInstructor, ROLE.systemUser],
    expected: "STUDENT",
  },
} as const satisfies Record<string, LmsRoleSet>;

export const MOODLE_ROLE_SETS = {
  teacher: { who: "Moodle teacher", roles: [ROLE.instructor], expected: "STAFF" },
  teacherSiteAdmin: {
    who: "Moodle teacher who is a site admin",
    roles: [ROLE.instructor, ROLE.institutionAdministrator],
    expected: "STAFF",
  },
  siteAdmin: {
    who: "Moodle site admin not enrolled in the course",
    roles: [ROLE.institutionAdministrator],
    expected: "STAFF",
  },
  student: { who: "Moodle student", roles: [ROLE.learner], expected: "STUDENT" },
} as const satisfies Record<string, LmsRoleSet>;
