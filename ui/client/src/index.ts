export * from "./types.js";
export { SseParser, type SseFrame } from "./sse.js";
export { ThreadState, textOf, type ApplyResult } from "./state.js";
export { ParleyApi, ParleyError, type MessageAccepted, type ThreadPage } from "./api.js";
export { ThreadConnection, type ConnectionStatus, type ConnectionOptions } from "./connection.js";
export { Outbox, type OutboxEntry } from "./outbox.js";
export { ParleyClient, newClientId, type ParleyClientOptions } from "./client.js";
export { AudioUpload } from "./audio.js";
export { browserEnvironment, type Environment, type EnvironmentSignal, type KeyValueStorage } from "./environment.js";
