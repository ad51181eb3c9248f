// The wire model of the Parley protocol (docs/protocol.md). JSON is camelCase; absent means null.

export type ItemStatus =
  | "completed" | "in_progress" | "cancelled" | "failed" | "interrupted"
  | "pending" | "answered" | "expired";

export type ItemField = "content" | "input" | "output";
export type StepKind = "run" | "tool" | "llm" | "retrieval" | "embedding" | "rerank" | "other";
export type RunTrigger = "chat_start" | "chat_resume" | "message" | "action" | "retry" | "audio" | "settings" | "server";
export type RunStatus = "queued" | "running" | "completed" | "cancelled" | "failed" | "interrupted";

export interface ChatAction {
  id: string;
  name: string;
  label: string;
  payload?: unknown;
  icon?: string;
  tooltip?: string;
}

export interface FileRef {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
}

export interface ChatError {
  code: string;
  message: string;
  allowRetry: boolean;
}

interface ItemBase {
  id: string;
  status: ItemStatus;
  createdAt: string;
  runId?: string;
  parentId?: string;
  author?: string;
  metadata?: Record<string, unknown>;
}

export interface UserMessageItem extends ItemBase {
  type: "user_message";
  content: string;
  attachments?: FileRef[];
  clientId?: string;
  command?: string;
}

export interface AssistantMessageItem extends ItemBase {
  type: "assistant_message";
  content: string;
  actions?: ChatAction[];
}

export interface StepItem extends ItemBase {
  type: "step";
  name: string;
  kind?: StepKind;
  input?: string;
  output?: string;
  isError?: boolean;
  startedAt?: string;
  endedAt?: string;
}

export interface AskAnswer {
  content?: string;
  actionId?: string;
  fileIds?: string[];
  /** The files of a file answer, as the server built them (for display). */
  files?: FileRef[];
  value?: unknown;
  clientId?: string;
  answeredAt: string;
}

/** Why an ask expired. */
export type AskExpiredReason = "timeout" | "session_ended" | "restarted";

/** The answer to an ask as a client sends it: exactly the field of the ask's kind. */
export interface AnswerBody {
  clientId: string;
  content?: string;
  actionId?: string;
  fileIds?: string[];
  value?: unknown;
}

export interface AskItem extends ItemBase {
  type: "ask";
  kind?: "text" | "action" | "file" | "element";
  content: string;
  actions?: ChatAction[];
  accept?: string[];
  maxFiles?: number;
  maxSizeMb?: number;
  /** The custom element of an element ask. */
  element?: { component: string; props?: Record<string, unknown> };
  expiresAt?: string;
  expiredReason?: AskExpiredReason;
  answer?: AskAnswer;
}

export interface ElementItem extends ItemBase {
  type: "element";
  kind: string;
  name: string;
  display?: "inline" | "side" | "page";
  size?: string;
  mime?: string;
  url?: string;
  forItemId?: string;
  props?: Record<string, unknown>;
}

export interface ErrorItem extends ItemBase {
  type: "error";
  code: string;
  message: string;
  allowRetry?: boolean;
}

export interface HiddenContextItem extends ItemBase {
  type: "hidden_context";
  content: string;
}

export type ChatItem =
  | UserMessageItem | AssistantMessageItem | StepItem | AskItem | ElementItem | ErrorItem | HiddenContextItem;

export interface ThreadInfo {
  id: string;
  name?: string;
  createdAt: string;
  updatedAt: string;
  profile?: string;
  metadata?: Record<string, unknown>;
  /** The chat settings widgets (absent when the app set none). */
  settingsSchema?: SettingWidget[];
  /** The chat settings values by setting id. */
  settings?: Record<string, unknown>;
}

export interface SettingOption {
  value: string;
  label?: string;
}

interface SettingBase {
  id: string;
  label?: string;
  description?: string;
}

export type SettingWidget =
  | (SettingBase & { type: "select"; options: SettingOption[]; initial?: string })
  | (SettingBase & { type: "multi_select"; options: SettingOption[]; initial?: string[] })
  | (SettingBase & { type: "switch" | "checkbox"; initial?: boolean })
  | (SettingBase & { type: "slider"; min?: number; max?: number; step?: number; initial?: number })
  | (SettingBase & { type: "text"; initial?: string; placeholder?: string; multiline?: boolean; maxLength?: number })
  | (SettingBase & { type: "number"; min?: number; max?: number; step?: number; initial?: number; placeholder?: string })
  | (SettingBase & { type: "tags"; initial?: string[]; maxTags?: number; maxTagLength?: number });

export interface Starter {
  label: string;
  message: string;
  icon?: string;
  command?: string;
}

export interface ChatProfile {
  name: string;
  description?: string;
  icon?: string;
  starters?: Starter[];
  isDefault?: boolean;
}

export interface SlashCommand {
  id: string;
  description: string;
  icon?: string;
}

export interface ActiveRun {
  runId: string;
  trigger: RunTrigger;
  allowCancel: boolean;
}

export interface QueuedRun {
  runId: string;
  trigger: RunTrigger;
  itemId?: string;
}

export interface Snapshot {
  thread: ThreadInfo;
  items: ChatItem[];
  lastSeq: number;
  activeRun: ActiveRun | null;
  queued: QueuedRun[];
}

interface EventBase {
  threadId: string;
  at: string;
}

interface LoggedBase extends EventBase {
  seq: number;
  runId?: string;
}

export type ThreadEvent =
  | (LoggedBase & { type: "thread.updated"; thread: ThreadInfo })
  | (LoggedBase & { type: "run.started"; trigger: RunTrigger; allowCancel: boolean })
  | (LoggedBase & { type: "run.finished"; status: RunStatus; error?: ChatError })
  | (LoggedBase & { type: "item.added"; item: ChatItem })
  | (LoggedBase & { type: "item.delta"; itemId: string; field: ItemField; offset: number; text: string })
  | (LoggedBase & { type: "item.updated"; item: ChatItem })
  | (LoggedBase & { type: "item.removed"; itemId: string });

export type EphemeralEvent =
  | (EventBase & { type: "toast"; level: "info" | "success" | "warning" | "error"; message: string })
  | (EventBase & { type: "window.message"; data: unknown })
  | (EventBase & { type: "presence"; connections: number })
  | (EventBase & { type: "resync"; reason?: string });

export type ChatEvent = ThreadEvent | EphemeralEvent;

export function isThreadEvent(event: ChatEvent): event is ThreadEvent {
  return typeof (event as { seq?: unknown }).seq === "number";
}

export interface AppInfo {
  name: string;
  profiles: ChatProfile[];
  starters: Starter[];
  commands?: SlashCommand[];
  features: { stop: boolean; retry: boolean; asks: string[]; uploads: UploadFeature; audio?: AudioFeature; windowMessages?: WindowMessagesFeature };
  auth: { anonymous: boolean };
}

/** What users may upload (`features.uploads` of `GET /api/app`). */
export interface UploadFeature {
  enabled: boolean;
  /** The largest file, in bytes. */
  maxFileBytes: number;
  /** The most files on one message. */
  maxFiles: number;
  /** Accepted media types: exact (`application/pdf`) or a family (`image/*`). */
  accept: string[];
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
}

/** `GET /api/app` `features.audio`: whether the microphone button is shown, and the limits. */
export interface AudioFeature {
  enabled: boolean;
  maxStreamBytes: number;
  maxStreamDurationMs: number;
  maxChunkBytes: number;
}

/** `GET /api/app` `features.windowMessages`: origins besides the UI's own that may embed it and talk to it. */
export interface WindowMessagesFeature {
  origins: string[];
  maxDataBytes: number;
}
