import type { ChatProfile, Starter } from "@parley/client";
import { AppIcon } from "./AppIcon.js";

/** The profile of a new chat: one button per profile, the chosen one pressed. */
export function ProfilePicker({ profiles, selected, onSelect }: { profiles: readonly ChatProfile[]; selected: string | null; onSelect(name: string): void }) {
  if (profiles.length === 0) return null;
  return (
    <div className="profiles" role="radiogroup" aria-label="Chat profile">
      {profiles.map((p) => (
        <button
          key={p.name}
          type="button"
          role="radio"
          aria-checked={p.name === selected}
          className="profile"
          title={p.description}
          onClick={() => onSelect(p.name)}
        >
          <AppIcon icon={p.icon} />
          <span className="profile-name">{p.name}</span>
          {p.description && <span className="profile-description">{p.description}</span>}
        </button>
      ))}
    </div>
  );
}

/** Starter buttons on an empty chat; a click sends the starter's message (with its command). */
export function Starters({ starters, onPick }: { starters: readonly Starter[]; onPick(starter: Starter): void }) {
  if (starters.length === 0) return null;
  return (
    <div className="starters" role="group" aria-label="Starters">
      {starters.map((s) => (
        <button key={s.label} type="button" className="starter" onClick={() => onPick(s)}>
          <AppIcon icon={s.icon} />
          <span>{s.label}</span>
        </button>
      ))}
    </div>
  );
}

/** The profile a new chat gets unless the user picks another: the default one, else the first. */
export function defaultProfile(profiles: readonly ChatProfile[] | undefined): string | null {
  return (profiles?.find((p) => p.isDefault) ?? profiles?.[0])?.name ?? null;
}

/** The starters for a chat of this profile: its own, else the app's. */
export function startersFor(profiles: readonly ChatProfile[] | undefined, appStarters: readonly Starter[] | undefined, profile: string | null | undefined): readonly Starter[] {
  const own = profiles?.find((p) => p.name === profile)?.starters;
  return own && own.length > 0 ? own : appStarters ?? [];
}
