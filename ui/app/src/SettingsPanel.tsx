import { useEffect, useState, type FormEvent } from "react";
import type { SettingWidget, ThreadInfo } from "@parley/client";

interface SettingsPanelProps {
  thread: ThreadInfo;
  onSave(values: Record<string, unknown>): Promise<void>;
  onClose(): void;
}

/** The chat settings: one control per widget of the thread's schema; Save sends what changed. */
export function SettingsPanel({ thread, onSave, onClose }: SettingsPanelProps) {
  const schema = thread.settingsSchema ?? [];
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...thread.settings }));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const set = (id: string, value: unknown) => setValues((v) => ({ ...v, [id]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, unknown> = {};
    for (const widget of schema) {
      const value = values[widget.id];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(thread.settings?.[widget.id])) changed[widget.id] = value;
    }
    if (Object.keys(changed).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(changed);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The settings could not be saved.");
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="settings-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form className="settings-panel" role="dialog" aria-modal="true" aria-label="Chat settings" onSubmit={(e) => void submit(e)}>
        <h2>Chat settings</h2>
        {schema.map((widget) => (
          <div className="setting" key={widget.id} data-setting={widget.id}>
            <Control widget={widget} value={values[widget.id]} onChange={(v) => set(widget.id, v)} />
            {widget.description && <div className="setting-help">{widget.description}</div>}
          </div>
        ))}
        {error && <div className="setting-error" role="alert">{error}</div>}
        <div className="settings-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={saving}>Save settings</button>
        </div>
      </form>
    </div>
  );
}

function Control({ widget, value, onChange }: { widget: SettingWidget; value: unknown; onChange(value: unknown): void }) {
  const label = widget.label ?? widget.id;
  const id = `setting-${widget.id}`;
  switch (widget.type) {
    case "select":
      return (
        <label htmlFor={id}>
          <span className="setting-label">{label}</span>
          <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
            {widget.options.map((o) => <option key={o.value} value={o.value}>{o.label ?? o.value}</option>)}
          </select>
        </label>
      );
    case "multi_select": {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset>
          <legend className="setting-label">{label}</legend>
          {widget.options.map((o) => (
            <label key={o.value} className="inline">
              <input
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
              />
              {o.label ?? o.value}
            </label>
          ))}
        </fieldset>
      );
    }
    case "switch":
      return (
        <label className="inline switch">
          <input type="checkbox" role="switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-label={label} />
          <span className="setting-label">{label}</span>
        </label>
      );
    case "checkbox":
      return (
        <label className="inline">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-label={label} />
          <span className="setting-label">{label}</span>
        </label>
      );
    case "slider": {
      const number = typeof value === "number" ? value : widget.min ?? 0;
      return (
        <label htmlFor={id}>
          <span className="setting-label">{label}: <output>{number}</output></span>
          <input id={id} type="range" min={widget.min ?? 0} max={widget.max ?? 100} step={widget.step ?? 1} value={number} onChange={(e) => onChange(Number(e.target.value))} />
        </label>
      );
    }
    case "number":
      return (
        <label htmlFor={id}>
          <span className="setting-label">{label}</span>
          <input
            id={id}
            type="number"
            min={widget.min}
            max={widget.max}
            step={widget.step ?? "any"}
            placeholder={widget.placeholder}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          />
        </label>
      );
    case "text":
      return (
        <label htmlFor={id}>
          <span className="setting-label">{label}</span>
          {widget.multiline ? (
            <textarea id={id} maxLength={widget.maxLength} placeholder={widget.placeholder} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />
          ) : (
            <input id={id} type="text" maxLength={widget.maxLength} placeholder={widget.placeholder} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />
          )}
        </label>
      );
    case "tags":
      return <Tags id={id} label={label} value={Array.isArray(value) ? (value as string[]) : []} max={widget.maxTags ?? 20} onChange={onChange} />;
  }
}

function Tags({ id, label, value, max, onChange }: { id: string; label: string; value: string[]; max: number; onChange(value: unknown): void }) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const tag = draft.trim();
    if (tag && !value.includes(tag) && value.length < max) onChange([...value, tag]);
    setDraft("");
  };
  return (
    <div>
      <label htmlFor={id} className="setting-label">{label}</label>
      <div className="tags">
        {value.map((tag) => (
          <span key={tag} className="chip">
            {tag}
            <button type="button" aria-label={`Remove ${tag}`} onClick={() => onChange(value.filter((t) => t !== tag))}>×</button>
          </span>
        ))}
        <input
          id={id}
          type="text"
          value={draft}
          placeholder="Add a tag and press Enter"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === ",") {
              e.preventDefault();
              add();
            }
          }}
          onBlur={add}
        />
      </div>
    </div>
  );
}
