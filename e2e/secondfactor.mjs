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

/**
 * Signs in an account that has no second factor yet and must have one (an
 * admin): sets it up from the key shown as text, and goes on to the rounds.
 * Returns the key and the recovery codes.
 */
export async function signInAndEnrol(page, base, account) {
  await page.goto(`${base}/workers/sign-in`);
  await page.locator('#email').fill(account.email);
  await page.locator('#password').fill(account.password);
  await Promise.all([page.waitForURL(/\/workers\/two-factor\/enrol$/), page.locator('button[type="submit"]').click()]);
  const key = (await page.locator('.factor-secret').innerText()).trim();
  await page.locator('#code').fill(totp(key));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.recovery-codes').waitFor();
  const codes = (await page.locator('.recovery-codes li').allInnerTexts()).map((c) => c.trim());
  await Promise.all([page.waitForURL(/\/workers\/$/), page.getByRole('link', { name: 'Go to your rounds' }).click()]);
  return { key, codes };
}
