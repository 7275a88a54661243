/** Injection token of the validated ServerConfig. */
export const SERVER_CONFIG = Symbol('parley:server-config');
