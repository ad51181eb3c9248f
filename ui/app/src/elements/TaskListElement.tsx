import type { ElementItem } from "@parley/client";
import { TaskIcon } from "./ElementIcons.js";

type TaskStatus = "ready" | "running" | "done" | "failed";

interface Task {
  title: string;
  status: TaskStatus;
}

const statusLabels: Record<TaskStatus, string> = { ready: "Ready", running: "Running", done: "Done", failed: "Failed" };

function tasksOf(value: unknown): Task[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: unknown) => {
    if (t === null || typeof t !== "object") return [];
    const { title, status } = t as { title?: unknown; status?: unknown };
    if (typeof title !== "string") return [];
    const known = status === "running" || status === "done" || status === "failed" ? status : "ready";
    return [{ title, status: known }];
  });
}

/** A checklist with a status icon per task, and the list's status line. */
export function TaskListElement({ element }: { element: ElementItem }) {
  const tasks = tasksOf(element.props?.["tasks"]);
  const status = element.props?.["status"];
  return (
    <div className="tasklist">
      <div className="tasklist-title">{element.name}</div>
      <ul>
        {tasks.map((task, i) => (
          <li key={i} className={`task status-${task.status}`} data-status={task.status}>
            <TaskIcon status={task.status} label={statusLabels[task.status]} />
            <span className="task-title">{task.title}</span>
          </li>
        ))}
      </ul>
      {typeof status === "string" && <div className="tasklist-status">{status}</div>}
    </div>
  );
}
