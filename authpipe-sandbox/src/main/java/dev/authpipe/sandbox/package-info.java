/**
 * The Harvest sandbox: a local, faithful stand-in for Harvest as an OAuth provider.
 *
 * <p>One {@link dev.authpipe.sandbox.HarvestSandbox} plays both Harvest hosts on one base URL:
 * {@code id.getharvest.com} (consent, token, accounts) and {@code api.harvestapp.com} ({@code
 * /v2/users/me}, {@code /v2/company}). The same implementation serves two audiences: the broker's
 * tests, which embed it with an injected {@link java.time.Clock}, steer it with knobs and assert on
 * its request log; and newcomers, who run it beside {@code authpipe serve --sandbox} and click
 * through a small HTML consent page without a Harvest account.
 *
 * <p>The model mirrors Harvest's (harvest.md §1.1): a {@link dev.authpipe.sandbox.Directory} of
 * Harvest ID people and the Harvest or Forecast accounts they belong to; registered {@link
 * dev.authpipe.sandbox.OAuthClient}s; and grants, one person's consent to one client for some
 * accounts, which own the authorization code, access tokens and refresh tokens issued from it.
 * Revoking a person kills all their grants (API 401, refresh {@code invalid_grant}); removing a
 * person from an account only narrows what their grants reach (API 403, the account disappears
 * from {@code /api/v2/accounts}).
 *
 * <p>Behaviour follows harvest.md §1.4–1.15, whose §1.15 is the checklist; where Harvest is
 * undocumented the sandbox follows RFC 6749 / RFC 7636 and says so where the rule is implemented.
 *
 * <p>Everything here is fake and insecure on purpose: well-known client secrets, no login, no CSRF
 * protection. It binds to 127.0.0.1 only.
 */
package dev.authpipe.sandbox;
