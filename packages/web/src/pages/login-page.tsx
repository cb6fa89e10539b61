import { useId, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { describeError } from '../api/errors.js';
import { usePageTitle } from '../components/page-title.js';
import { useSession } from '../session.js';

/** Where to go after signing in: a path of this UI only (never another site). */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage({ reason }: { reason?: string | undefined }) {
  usePageTitle('Sign in');
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (state.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">Sign in to modelreg</h1>
      {reason !== undefined && <p className="notice">{reason}</p>}
      <p>
        Paste an API token (<code>mrt_…</code>, from <code>modelreg token create</code> or your administrator)
        or an OIDC access token. It is kept in this tab only, until you sign out or close it.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          signIn(token.trim()).then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError(describeError(e));
            },
          );
        }}
      >
        <label htmlFor={id}>Token</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
        />
        {error !== undefined && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        Behind a gateway that signs users in (<code>--auth header</code>), no token is needed: the
        gateway&apos;s headers identify you.
      </p>
    </section>
  );
}
