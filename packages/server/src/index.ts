export { loadServerConfig, ConfigError, type ServerConfig, type ConfigOverrides } from './config/config.js';
export { startServer, createRegistry, StartupError, type RunningServer } from './server.js';
export { createApp, type AppDeps } from './http/app.js';
export { createLogger, silentLogger, type Logger, type LogLevel } from './logger.js';
export { openMetadataStore, dialectForUrl } from './adapters/sql/open-metadata-store.js';
export { RegistryService } from './services/registry-service.js';
export type { MetadataStore, MetadataTransaction } from './ports/metadata-store.js';
export { AccessService } from './services/access-service.js';
export { UNRESTRICTED, ANONYMOUS, ROLES, type Principal, type Role } from './domain/access-control.js';
