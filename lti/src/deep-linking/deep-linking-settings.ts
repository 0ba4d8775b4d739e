import { z } from "zod";

/**
 * The `deep_linking_settings` claim of an LtiDeepLinkingRequest, as ltijs keeps it with the launch
 * (`res.locals.context.deepLinkingSettings`). Only what the picker and the response need is read.
 */
export const deepLinkingSettingsSchema = z.object({
  deep_link_return_url: z.url().max(2000),
  accept_types: z.array(z.string().max(100)).max(20),
  accept_multiple: z
    .union([z.boolean(), z.enum(["true", "false"])])
    .optional()
    .transform((v) => v === undefined || v === true || v === "true"),
  /** Opaque: echoed back unchanged in the response's `data` claim. */
  data: z.string().max(4096).optional(),
  title: z.string().max(300).optional(),
});

export type DeepLinkingSettings = z.infer<typeof deepLinkingSettingsSchema>;

/** The settings of the session's Deep Linking launch, or null when it carried none (or bad ones). */
export function readDeepLinkingSettings(context: unknown): DeepLinkingSettings | null {
  const raw = (context as { deepLinkingSettings?: unknown } | undefined)?.deepLinkingSettings;
  const parsed = deepLinkingSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
