import type { Stage } from '@modelreg/client';

export function StageBadge({ stage, count }: { stage: Stage | string; count?: number }) {
  return (
    <span className={`badge stage-${stage.toLowerCase()}`}>
      {stage}
      {count !== undefined && <span className="badge-count"> {count}</span>}
    </span>
  );
}
