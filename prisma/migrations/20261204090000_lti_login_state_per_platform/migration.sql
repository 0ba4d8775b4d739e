-- Each login finds its platform's oldest and expired login states to make room (at most a set number
-- per platform are kept), so they are indexed by platform and age.
CREATE INDEX "LtiLoginState_issuer_clientId_createdAt_idx" ON "LtiLoginState"("issuer", "clientId", "createdAt");
