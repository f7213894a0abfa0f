// A third-party OpenID Connect provider for the browser tests: the npm
// package `oidc-provider` (a certified implementation), with its own
// development login screens. The dashboard signs in through it exactly as
// it would through VNeID, which proves the client is standard and not
// tuned to the built-in development provider.
//
// Environment: PROVIDER_PORT (where this listens), APP_URL (the dashboard
// instance registered as its only client).
import Provider from "oidc-provider";

const port = Number(process.env.PROVIDER_PORT ?? 3102);
const appUrl = process.env.APP_URL ?? "http://127.0.0.1:3103";
const issuer = `http://127.0.0.1:${port}`;

// A fictitious citizen; the login typed on the provider's page becomes the
// subject, the rest is fixed.
const claimsOf = (sub) => ({
  sub,
  name: "Nguyễn Văn Bình",
  birthdate: "1979-01-02",
  personal_id: "036879000123",
  assurance_level: "2",
});

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "dashboard-e2e",
      client_secret: "e2e-secret-for-tests-only",
      redirect_uris: [`${appUrl}/auth/callback`],
      post_logout_redirect_uris: [`${appUrl}/auth/signed-out`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  // Claims a scope releases. Only the standard ones go into the ID token;
  // the dashboard reads the rest from userinfo.
  claims: {
    openid: ["sub"],
    profile: ["name", "birthdate"],
    vneid: ["personal_id", "assurance_level"],
  },
  scopes: ["openid", "profile", "vneid"],
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => claimsOf(id),
  }),
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["e2e-cookie-key-not-secret"] },
});
// Plain http on loopback, for tests only.
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
