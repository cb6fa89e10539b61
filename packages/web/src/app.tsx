import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './components/states.js';
import { ModelsPage } from './pages/models-page.js';
import { LoginPage } from './pages/login-page.js';
import { useSession } from './session.js';
import { applyTheme, NEXT_THEME, storedTheme, type ThemeChoice } from './theme.js';

// Every page but the list of models is loaded when first visited: the first page stays small.
const ModelPage = lazy(() => import('./pages/model-page.js').then((m) => ({ default: m.ModelPage })));
const VersionPage = lazy(() => import('./pages/version-page.js').then((m) => ({ default: m.VersionPage })));
const ComparePage = lazy(() => import('./pages/compare-page.js').then((m) => ({ default: m.ComparePage })));
const AuditPage = lazy(() => import('./pages/audit-page.js').then((m) => ({ default: m.AuditPage })));
const ReportPage = lazy(() => import('./pages/report-page.js').then((m) => ({ default: m.ReportPage })));
const LineagePage = lazy(() => import('./pages/lineage-page.js').then((m) => ({ default: m.LineagePage })));
const ByIdPage = lazy(() => import('./pages/by-id-page.js').then((m) => ({ default: m.ByIdPage })));
const NotFoundPage = lazy(() =>
  import('./pages/not-found-page.js').then((m) => ({ default: m.NotFoundPage })),
);

export function App() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'unreachable') {
    return (
      <Shell>
        <div className="state state-error" role="alert">
          <h1>The registry does not answer</h1>
          <p>{state.message}</p>
        </div>
      </Shell>
    );
  }
  const signedOut = state.status === 'signed-out';
  if (signedOut && location.pathname !== '/login') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // While the session is being checked the page already loads its data (a 401 then signs out):
  // the check and the first page's request go out together. Signed out, the same tree shows the
  // login page, so a token typed while the check was under way is kept (a different tree would
  // mount a new, empty form when the check ends).
  return (
    <Shell signedIn={!signedOut}>
      <Suspense fallback={<Loading label="Loading the page" />}>
        <Routes>
          <Route path="/" element={<ModelsPage />} />
          <Route path="/login" element={<LoginPage reason={signedOut ? state.reason : undefined} />} />
          <Route path="/models/:model" element={<ModelPage />} />
          <Route path="/models/:model/versions/:version" element={<VersionPage />} />
          <Route path="/compare" element={<ComparePage />} />
          <Route path="/lineage" element={<LineagePage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/report" element={<ReportPage />} />
          <Route path="/by-id/:kind/:id" element={<ByIdPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function Shell({ children, signedIn = false }: { children: React.ReactNode; signedIn?: boolean }) {
  const { state, signOut, needsNoToken } = useSession();
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const principal = state.status === 'signed-in' ? state.principal : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          modelreg
        </Link>
        {signedIn && (
          <nav aria-label="Main">
            <NavLink to="/" end>
              Models
            </NavLink>
            <NavLink to="/compare">Compare</NavLink>
            <NavLink to="/lineage">Lineage</NavLink>
            <NavLink to="/audit">Audit</NavLink>
            <NavLink to="/report">Report</NavLink>
          </nav>
        )}
        <div className="top-bar-end">
          <button
            type="button"
            className="button-quiet"
            onClick={() => setTheme(NEXT_THEME[theme])}
            aria-label={`Theme: ${theme}. Switch to ${NEXT_THEME[theme]}`}
          >
            Theme: {theme}
          </button>
          {principal !== undefined && (
            <span className="who" title={`signed in with ${principal.method}`}>
              {principal.method === 'none' ? 'open registry' : principal.subject}
            </span>
          )}
          {principal !== undefined && !needsNoToken && (
            <button type="button" className="button-quiet" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
