import type { SlashCommand } from "@parley/client";
import { AppIcon } from "./AppIcon.js";

/** The commands matching what follows "/" at the start of the composer; null when no menu applies. */
export function matchCommands(commands: readonly SlashCommand[], text: string): SlashCommand[] | null {
  const match = /^\/(\S*)$/.exec(text);
  if (!match || commands.length === 0) return null;
  const query = match[1]!.toLowerCase();
  return commands.filter((c) => c.id.toLowerCase().startsWith(query));
}

/** The slash-command menu: a listbox above the composer, driven by the composer's keys. */
export function CommandMenu({ commands, active, onPick }: { commands: readonly SlashCommand[]; active: number; onPick(command: SlashCommand): void }) {
  return (
    <ul className="command-menu" role="listbox" id="command-menu" aria-label="Commands">
      {commands.length === 0 && <li className="command-none">No matching command</li>}
      {commands.map((c, i) => (
        <li
          key={c.id}
          id={`command-${c.id}`}
          role="option"
          aria-selected={i === active}
          className="command-option"
          onMouseDown={(e) => {
            // Keep the focus in the composer.
            e.preventDefault();
            onPick(c);
          }}
        >
          <AppIcon icon={c.icon} />
          <span className="command-id">/{c.id}</span>
          <span className="command-description">{c.description}</span>
        </li>
      ))}
    </ul>
  );
}
