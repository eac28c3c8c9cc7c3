import type { ReactNode } from 'react';

export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand" aria-hidden="true">
          <span className="logo">P</span> Parley
        </div>
        <h1>{title}</h1>
        {children}
        {footer && <div className="auth__footer">{footer}</div>}
      </div>
    </main>
  );
}
