import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { newClientId, ParleyError, type AnswerBody, type AppInfo, type AskItem, type AssistantMessageItem, type ChatAction, type ChatItem, type FileRef, type ParleyClient } from "@parley/client";
import { ChatView } from "./ChatView.js";
import { Composer } from "./Composer.js";
import { ConnectionBanner } from "./ConnectionBanner.js";
import { SettingsIcon } from "./AppIcon.js";
import { Menu } from "./Icons.js";
import { defaultProfile, ProfilePicker, Starters, startersFor } from "./NewChat.js";
import { SettingsPanel } from "./SettingsPanel.js";
import { useConnectionSnapshot, useOutbox, useThreadConnection } from "./hooks.js";
import type { ItemActions } from "./ItemView.js";
import { Sidebar } from "./Sidebar.js";
import { Toasts, type Toast } from "./Toasts.js";
import { routes } from "./routes.js";
import { useAttachments } from "./useAttachments.js";
import { RecordButton } from "./RecordButton.js";
import { useAudioRecorder } from "./useAudioRecorder.js";
import type { WindowBridge } from "./windowBridge.js";

export function App({ client, bridge }: { client: ParleyClient; bridge: WindowBridge }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [threadId, setThreadId] = useState<string | null>(() => routes.current());
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const connection = useThreadConnection(client, threadId);
  const { state, status } = useConnectionSnapshot(connection);
  const pending = useOutbox(client, threadId);

  const toast = useCallback((message: string, level: Toast["level"] = "error") => {
    setToasts((list) => [...list, { id: Date.now() + Math.random(), level, message }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  useEffect(() => {
    // The first request also gives this browser its identity cookie.
    client.api.app().then(setInfo, () => toast("The server cannot be reached."));
  }, [client, toast]);

  useEffect(() => routes.listen(setThreadId), []);

  // The settings panel belongs to the chat it was opened in.
  useEffect(() => setSettingsOpen(false), [threadId]);

  useEffect(() => {
    document.title = state?.thread.name ? `${state.thread.name} · ${info?.name ?? "Chat"}` : info?.name ?? "Chat";
  }, [state?.thread.name, info?.name]);

  useEffect(
    () => connection?.onEphemeral((event) => {
      if (event.type === "toast") toast(event.message, event.level);
    }),
    [connection, toast],
  );

  const open = useCallback((id: string | null) => {
    routes.go(id);
    setThreadId(id);
    setSidebarOpen(false);
  }, []);

  // A new chat has no thread yet: the first upload or message creates it (once), with the chosen profile.
  const newProfile = picked ?? defaultProfile(info?.profiles);
  const profileRef = useRef(newProfile);
  profileRef.current = newProfile;
  const currentThread = useRef(threadId);
  currentThread.current = threadId;
  const creating = useRef<Promise<string> | null>(null);
  const ensureThread = useCallback((): Promise<string> => {
    if (currentThread.current) return Promise.resolve(currentThread.current);
    creating.current ??= client.createThread(profileRef.current ?? undefined).then((thread) => {
      currentThread.current = thread.id;
      open(thread.id);
      return thread.id;
    }).finally(() => {
      creating.current = null;
    });
    return creating.current;
  }, [client, open]);
  const upload = useCallback(async (file: File, signal: AbortSignal) => client.api.uploadFile(await ensureThread(), file, file.name, signal), [client, ensureThread]);
  const attachments = useAttachments(info?.features.uploads ?? null, upload);
  const [dropping, setDropping] = useState(false);
  const switchTo = (id: string | null) => {
    attachments.clear();
    open(id);
  };
  const hasFiles = (event: DragEvent) => attachments.enabled && event.dataTransfer.types.includes("Files");

  const deliverRef = useRef<(data: unknown) => void>(() => undefined);
  deliverRef.current = (data) => {
    ensureThread().then((id) => client.api.postWindowMessage(id, data)).catch((error: unknown) => toast(messageOf(error)));
  };
  useEffect(() => bridge.setDeliver((data) => deliverRef.current(data)), [bridge]);
  useEffect(() => {
    if (info) bridge.configure(info.features.windowMessages?.origins ?? []);
  }, [info, bridge]);

  useEffect(
    () => connection?.onEphemeral((event) => {
      if (event.type === "window.message") bridge.forward(event.data);
    }),
    [connection, bridge],
  );

  const recorder = useAudioRecorder(client, info?.features.audio, ensureThread, toast);

  const actions = useMemo<ItemActions>(() => ({
    retry(item: ChatItem) {
      if (!threadId) return;
      client.api.retry(threadId, newClientId(clientEnvironment), item.id).then(
        (run) => connection?.noteQueued(run),
        (error: unknown) => toast(messageOf(error)),
      );
    },
    feedback(item: ChatItem, value: 1 | -1 | 0, comment?: string) {
      if (threadId) client.api.feedback(threadId, item.id, value, comment).catch((error: unknown) => toast(messageOf(error)));
    },
    async runAction(item: AssistantMessageItem, action: ChatAction) {
      if (!threadId) return;
      try {
        connection?.noteQueued(await client.api.runAction(threadId, newClientId(clientEnvironment), item.id, action.id));
      } catch (error) {
        toast(messageOf(error));
      }
    },
    async answer(ask: AskItem, body: Omit<AnswerBody, "clientId">) {
      if (threadId) await client.api.answer(threadId, ask.id, { ...body, clientId: newClientId(clientEnvironment) });
    },
    uploadFile(file: File, signal?: AbortSignal): Promise<FileRef> {
      return threadId ? client.api.uploadFile(threadId, file, file.name, signal) : Promise.reject(new Error("No conversation."));
    },
  }), [client, connection, threadId, toast]);

  const send = async (text: string, files: readonly FileRef[] = [], command?: string) => {
    let id: string;
    try {
      id = await ensureThread();
    } catch (error) {
      toast(messageOf(error));
      return;
    }
    client.send(id, text, command, files);
  };

  const saveSettings = async (values: Record<string, unknown>) => {
    if (threadId) await client.api.updateSettings(threadId, values);
  };

  const answer = (ask: AskItem, text: string) => {
    if (!threadId) return;
    client.api.answer(threadId, ask.id, { clientId: newClientId(clientEnvironment), content: text }).catch((error: unknown) => toast(messageOf(error)));
  };

  const stop = () => {
    if (threadId) client.api.stop(threadId, state?.activeRun?.runId).catch((error: unknown) => toast(messageOf(error)));
  };

  const pendingAsk = [...(state?.items ?? [])].reverse().find((i): i is AskItem => i.type === "ask" && i.status === "pending" && (i.kind ?? "text") === "text") ?? null;
  const closed = status?.status === "closed";
  const profile = threadId ? state?.thread.profile : newProfile;
  const hasSettings = !!threadId && (state?.thread.settingsSchema?.length ?? 0) > 0;
  const emptyThread = !!state && !state.items.some((i) => i.type === "user_message") && pending.length === 0;

  return (
    <div className="app">
      <Sidebar
        client={client}
        currentId={threadId}
        version={`${state?.thread.id ?? ""}:${state?.thread.name ?? ""}:${state?.thread.updatedAt ?? ""}`}
        open={sidebarOpen}
        onSelect={switchTo}
        onNew={() => {
          setPicked(null);
          switchTo(null);
        }}
        onDeleted={(id) => id === threadId && open(null)}
        onClose={() => setSidebarOpen(false)}
      />
      <main
        className={`main${dropping ? " dropping" : ""}`}
        data-testid="chat-main"
        onDragOver={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDropping(false);
        }}
        onDrop={(e) => {
          setDropping(false);
          if (!hasFiles(e)) return;
          e.preventDefault();
          attachments.add(Array.from(e.dataTransfer.files));
        }}
      >
        <header className="topbar">
          <button type="button" className="menu" onClick={() => setSidebarOpen(true)} aria-label="Open the list of chats"><Menu /></button>
          <h1>{state?.thread.name ?? info?.name ?? "Chat"}</h1>
          {profile && (info?.profiles.length ?? 0) > 0 && <span className="badge profile-badge" data-testid="chat-profile">{profile}</span>}
          {hasSettings && (
            <button type="button" className="settings-button" onClick={() => setSettingsOpen(true)} aria-label="Chat settings"><SettingsIcon /></button>
          )}
        </header>
        <ConnectionBanner status={threadId ? status : undefined} pending={pending.filter((p) => !p.error).length} />
        {threadId && state ? (
          <ChatView state={state} pending={pending} actions={actions} />
        ) : (
          <div className="empty" data-testid="empty">
            <h2>{info?.name ?? "Chat"}</h2>
            <p>{threadId ? "Loading…" : "Ask anything to start a conversation."}</p>
            {!threadId && <ProfilePicker profiles={info?.profiles ?? []} selected={newProfile} onSelect={setPicked} />}
            {!threadId && <Starters starters={startersFor(info?.profiles, info?.starters, newProfile)} onPick={(s) => void send(s.message, [], s.command)} />}
          </div>
        )}
        {threadId && emptyThread && !closed && (
          <Starters starters={startersFor(info?.profiles, info?.starters, state?.thread.profile)} onPick={(s) => void send(s.message, [], s.command)} />
        )}
        <Composer
          ask={pendingAsk}
          canStop={!!state?.activeRun?.allowCancel}
          busy={!!state?.activeRun}
          queued={(state?.queued.length ?? 0) + pending.filter((p) => !p.error && !!state?.activeRun).length}
          disabled={closed}
          onSend={(text, files, command) => void send(text, files, command)}
          attachments={attachments}
          onAnswer={answer}
          onStop={stop}
          tools={info?.features.audio?.enabled ? (
            <RecordButton
              recording={recorder.recording}
              elapsedMs={recorder.elapsedMs}
              disabled={closed}
              onStart={() => void recorder.start()}
              onStop={() => void recorder.stop()}
            />
          ) : null}
          commands={info?.commands ?? []}
        />
        {settingsOpen && state && <SettingsPanel thread={state.thread} onSave={saveSettings} onClose={() => setSettingsOpen(false)} />}
      </main>
      <Toasts toasts={toasts} onDone={dismiss} />
    </div>
  );
}

const clientEnvironment = { now: () => Date.now(), random: () => Math.random() } as Parameters<typeof newClientId>[0];

function messageOf(error: unknown): string {
  return error instanceof ParleyError ? error.message : "Something went wrong.";
}
