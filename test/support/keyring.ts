/**
 * Tests that use the keychain need a real Secret Service: `npm test` runs them inside
 * scripts/with-keyring.sh (a private D-Bus session with gnome-keyring unlocked).
 */
export function assertKeyringAvailable(): void {
  if (process.env.PLENUM_IN_KEYRING_SESSION === '1' && process.env.DBUS_SESSION_BUS_ADDRESS) return;
  throw new Error(
    'This test needs a real keychain. Run it through `npm test` (or `scripts/with-keyring.sh npx vitest …`), ' +
      'which starts gnome-keyring in a private D-Bus session. Missing packages? `sudo apt-get install dbus gnome-keyring libsecret-1-dev`.',
  );
}
