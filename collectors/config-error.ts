/** A bad environment variable at start-up; the message names every one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
