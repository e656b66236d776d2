// secondfactor.mjs - what an authenticator app does, for tests that sign an
// admin in: RFC 6238 codes (HMAC-SHA1, six digits, 30-second steps) made
// with node:crypto, and an admin's first sign-in, which sets one up.
import { createHmac } from 'node:crypto';

/** The 6-digit code an app shows for a base32 key, steps from the step of unix (seconds). */
export function totp(base32, steps = 0, unix = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/\s+/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unix / 30) + steps));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[19] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// What "the app" holds: each account's key, and the last step whose code was
// used (a code works once, so a second sign-in in the same 30 seconds takes
// the next step's, as a phone would show it a moment later).
const keys = new Map();
const lastStep = new Map();

/** A code for email that has not been used, waiting (up to 30 s) for the step it needs to come within reach. */
async function freshCode(email) {
  const key = keys.get(email);
  const now = () => Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now(), (lastStep.get(email) ?? 0) + 1);
  const deadline = Date.now() + 35_000;
  while (step > now() + 1) {
    if (Date.now() > deadline) throw new Error('the clock did not reach the next code');
    await new Promise((r) => setTimeout(r, 500));
  }
  lastStep.set(email, step);
  return totp(key, step - now());
}

/**
 * Finishes a sign-in whose password was just sent: sets up a second factor
 * when the account must (from the key shown as text; the recovery codes are
 * returned), or types a code from it; it ends on the rounds.
 */
export async function secondStep(page, account) {
  await page.waitForURL(/\/workers\/(two-factor\/enrol|sign-in\/code|)$/);
  if (/\/workers\/$/.test(page.url())) return { codes: [] };
  if (/\/sign-in\/code$/.test(page.url())) {
    await page.locator('#code').fill(await freshCode(account.email));
    await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { codes: [] };
  }
  const key = (await page.locator('.factor-secret').innerText()).trim();
  keys.set(account.email, key);
  await page.locator('#code').fill(await freshCode(account.email));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.recovery-codes').waitFor();
  const codes = (await page.locator('.recovery-codes li').allInnerTexts()).map((c) => c.trim());
  await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('link', { name: 'Go to your rounds' }).click()]);
  return { codes };
}
