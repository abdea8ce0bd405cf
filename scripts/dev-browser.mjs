#!/usr/bin/env node
// Runs the built harness (out/harness/server.js). Without a desktop session (no D-Bus), keytar has no
// keychain, so the harness runs inside a throwaway gnome-keyring session instead.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const server = [process.execPath, resolve(root, 'out/harness/server.js'), ...process.argv.slice(2)];
const command = process.env.DBUS_SESSION_BUS_ADDRESS ? server : [resolve(root, 'scripts/with-keyring.sh'), ...server];
if (!process.env.DBUS_SESSION_BUS_ADDRESS) console.log('No desktop session found: using a throwaway keyring for this run.');
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
process.exit(result.status ?? 1);
