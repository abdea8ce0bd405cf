/**
 * The test homeserver's whole configuration, written from scratch: appending to a file made by
 * `--generate-config` breaks (it ends without a newline) and would pull in settings nobody chose.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export type RateLimits = 'relaxed' | 'default';

export interface SynapseConfigInput {
  readonly dir: string;
  readonly port: number;
  readonly serverName: string;
  readonly registrationSecret: string;
  readonly rateLimits: RateLimits;
}

// Far above anything a test does, so only tests that ask for Synapse's defaults meet a 429.
const UNLIMITED = { per_second: 10_000, burst_count: 10_000 };

const RELAXED_RATE_LIMITS = {
  rc_message: UNLIMITED,
  rc_registration: UNLIMITED,
  rc_registration_token_validity: UNLIMITED,
  rc_login: { address: UNLIMITED, account: UNLIMITED, failed_attempts: UNLIMITED },
  rc_joins: { local: UNLIMITED, remote: UNLIMITED },
  rc_joins_per_room: UNLIMITED,
  rc_invites: { per_room: UNLIMITED, per_user: UNLIMITED, per_issuer: UNLIMITED },
  rc_third_party_invite: UNLIMITED,
  rc_3pid_validation: UNLIMITED,
  rc_admin_redaction: UNLIMITED,
  rc_room_creation: UNLIMITED,
  rc_media_create: UNLIMITED,
  rc_key_requests: UNLIMITED,
  rc_presence: { per_user: UNLIMITED },
  rc_delayed_event_mgmt: UNLIMITED,
  rc_reports: UNLIMITED,
  rc_user_directory: UNLIMITED,
  rc_profile: UNLIMITED,
};

export function homeserverConfig({ dir, port, serverName, registrationSecret, rateLimits }: SynapseConfigInput): object {
  return {
    server_name: serverName,
    public_baseurl: `http://127.0.0.1:${port}/`,
    pid_file: join(dir, 'homeserver.pid'),
    listeners: [
      {
        port,
        bind_addresses: ['127.0.0.1'],
        type: 'http',
        tls: false,
        x_forwarded: false,
        resources: [{ names: ['client'], compress: false }],
      },
    ],
    database: { name: 'sqlite3', args: { database: join(dir, 'homeserver.db') } },
    log_config: join(dir, 'log.yaml'),
    media_store_path: join(dir, 'media'),
    signing_key_path: join(dir, `${serverName}.signing.key`),
    registration_shared_secret: registrationSecret,
    // Synapse derives these from the signing key when absent; explicit values keep runs independent.
    macaroon_secret_key: randomBytes(32).toString('hex'),
    form_secret: randomBytes(32).toString('hex'),
    // Synapse's default (12) costs ~0.25 s per registration and login; tests need no real hashing cost.
    bcrypt_rounds: 4,
    enable_registration: false,
    report_stats: false,
    enable_authenticated_media: true,
    url_preview_enabled: false,
    // Never reach another host: no federation, no notary key servers, no phoning home.
    federation_domain_whitelist: [],
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    ...(rateLimits === 'relaxed' ? RELAXED_RATE_LIMITS : {}),
  };
}

/** WARNING and above, to a file in the server's directory: the tail goes into start-up errors. */
export function logConfig(logFile: string): object {
  return {
    version: 1,
    formatters: { precise: { format: '%(asctime)s %(name)s %(levelname)s %(message)s' } },
    handlers: { file: { class: 'logging.FileHandler', formatter: 'precise', filename: logFile } },
    root: { level: 'WARNING', handlers: ['file'] },
    disable_existing_loggers: false,
  };
}
