import { resolveConnections } from '../../config/connections';
import { ConfigError, parseEnv } from '../../config/env';
import { TEST_PROFILE } from '../../config/local-profiles';

describe('environment', () => {
  it('has working defaults for local development', () => {
    const env = parseEnv({});
    expect(env.API_PORT).toBe(3000);
    expect(env.CENTER_TIME_ZONE).toBe('Asia/Shanghai');
    expect(resolveConnections(env)).toEqual({
      mongodbUri: 'mongodb://127.0.0.1:27017/closeloop',
      zeebeGrpcAddress: 'grpc://127.0.0.1:26500',
      zeebeRestAddress: 'http://127.0.0.1:8080',
      smtpUrl: 'smtp://127.0.0.1:2525',
      ariUrl: 'http://127.0.0.1:3013/ari',
      oaPeerUrl: 'http://127.0.0.1:3011',
      mailboxUrl: 'http://127.0.0.1:3012',
      local: { engine: true, database: true, peers: ['oa-peer', 'mail-peer', 'telephony-peer'] },
    });
  });

  it('names each bad variable', () => {
    expect(() => parseEnv({ API_PORT: 'eighty', CENTER_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    try {
      parseEnv({ API_PORT: 'eighty', CENTER_TIME_ZONE: 'Mars/Olympus' });
    } catch (err) {
      expect(String(err)).toMatch(/API_PORT/);
      expect(String(err)).toMatch(/CENTER_TIME_ZONE/);
    }
  });

  it('starts nothing locally for a part the user points elsewhere', () => {
    const env = parseEnv({
      MONGODB_URI: 'mongodb://db.internal/closeloop',
      ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.internal:443',
      SMTP_URL: 'smtps://mail.internal:465',
      ARI_URL: 'http://pbx.internal:8088/ari',
    });
    const connections = resolveConnections(env, TEST_PROFILE);
    expect(connections.local).toEqual({ engine: false, database: false, peers: [] });
    expect(connections.mailboxUrl).toBeUndefined();
    expect(connections.zeebeRestAddress).toBe('https://zeebe.internal:8080');
  });

  it('refuses production without explicit connections', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/MONGODB_URI[\s\S]*ZEEBE_GRPC_ADDRESS/);
  });

  it('refuses production with the local keys, and a secrets key that is not 32 bytes', () => {
    const connected = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal/closeloop', ZEEBE_GRPC_ADDRESS: 'zeebe.internal:26500' };
    expect(() => parseEnv(connected)).toThrow(/SURVEY_TOKEN_SECRET[\s\S]*SECRETS_KEY/);
    const own = { ...connected, SURVEY_TOKEN_SECRET: 's'.repeat(40), SECRETS_KEY: 'f'.repeat(64) };
    expect(parseEnv(own).SECRETS_KEY).toBe('f'.repeat(64));
    expect(() => parseEnv({ ...own, SECRETS_KEY: 'f'.repeat(32) })).toThrow(/SECRETS_KEY/);
  });
});
