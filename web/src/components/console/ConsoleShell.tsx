import Link from 'next/link';
import type { Me, StaffRole } from '../../lib/staff';
import { ConsoleNav } from './ConsoleNav';
import { navFor } from './nav';
import { SessionRenewed } from './RenewSession';
import { roleLabel } from './roles';
import { SignOutButton } from './SignOutButton';
import { ToastProvider } from './Toaster';

/** The console's frame: header (who is signed in, their role, sign-out), side navigation for their role, content. */
export function ConsoleShell({ me, children }: { me: Me & { role: StaffRole }; children: React.ReactNode }) {
  return (
    <ToastProvider>
      <SessionRenewed />
      <a href="#console-main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Bỏ qua điều hướng
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white">
        <div className="flex items-center gap-4 px-4 py-3">
          <Link href="/quan-tri" className="font-bold text-emerald-800">
            Medicare · Quản trị
          </Link>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <div className="text-right leading-tight" data-testid="console-user">
              <p className="font-semibold">{me.name}</p>
              <p className="text-slate-600">{roleLabel(me.role)}</p>
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="md:flex">
        <aside className="border-b border-slate-200 bg-white p-2 md:min-h-[calc(100vh-4rem)] md:w-56 md:shrink-0 md:border-b-0 md:border-r md:p-3">
          <ConsoleNav items={navFor(me.role).map(({ href, label }) => ({ href, label }))} />
        </aside>
        <main id="console-main" className="min-w-0 flex-1 p-4 md:p-6">
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
