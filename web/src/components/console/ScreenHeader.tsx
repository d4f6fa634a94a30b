import { SCREEN_ROLES, type Screen } from '../../lib/staff';
import { roleLabel } from './roles';

/** A console screen's title, with the roles that see it (the issue asks each screen to say so). */
export function ScreenHeader({ screen, title, children }: { screen: Screen; title: string; children?: React.ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p className="text-sm text-slate-600" data-testid="screen-roles">
          Dành cho: {SCREEN_ROLES[screen].map(roleLabel).join(', ')}
        </p>
      </div>
      {children}
    </div>
  );
}
