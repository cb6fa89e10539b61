import type { ModelRegistry, Principal } from '@modelreg/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRegistry } from './api/registry.js';
import { describeError, statusOf } from './api/errors.js';

/** The token lives in this tab's session storage: never in a URL, gone when the tab closes. */
const TOKEN_KEY = 'modelreg.token';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out'; readonly reason?: string }
  | { readonly status: 'signed-in'; readonly principal: Principal }
  | { readonly status: 'unreachable'; readonly message: string };

export interface Session {
  readonly state: SessionState;
  readonly registry: ModelRegistry;
  /** Checks a token against the registry (whoami) and keeps it for this tab when it is good. */
  signIn(token: string): Promise<void>;
  signOut(): void;
  /** True when the registry asks for no credential (authentication off, or a gateway sets one). */
  readonly needsNoToken: boolean;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Signed out, keeping the reason an expired session gave (the check that follows has none). */
const signedOut = (previous: SessionState): SessionState =>
  previous.status === 'signed-out' ? previous : { status: 'signed-out' };

function storedToken(): string | undefined {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function store(token: string | undefined): void {
  try {
    if (token === undefined) window.sessionStorage.removeItem(TOKEN_KEY);
    else window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (a private window's policy): the token then lives in memory only.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(storedToken);
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const expire = useCallback((hadToken: boolean) => {
    store(undefined);
    setToken(undefined);
    // Without a token a 401 only confirms the signed-out state, and keeps the reason it has.
    setState((previous) =>
      hadToken ? { status: 'signed-out', reason: 'Your session ended: sign in again.' } : signedOut(previous),
    );
  }, []);
  const registry = useMemo(() => createRegistry(token, () => expire(token !== undefined)), [token, expire]);

  useEffect(() => {
    let cancelled = false;
    registry.whoami().then(
      (principal) => {
        if (cancelled) return;
        // With authentication on, whoami without a credential is a 401 (below); "anonymous" is kept
        // for registries that answer it.
        setState(principal.method === 'anonymous' ? signedOut : { status: 'signed-in', principal });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState(
          statusOf(error) === 401 ? signedOut : { status: 'unreachable', message: describeError(error) },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [registry]);

  const signIn = useCallback(async (candidate: string) => {
    const trial = createRegistry(candidate, () => undefined);
    const principal = await trial.whoami();
    if (principal.method === 'anonymous') throw new Error('the registry did not accept this token');
    store(candidate);
    setToken(candidate);
    setState({ status: 'signed-in', principal });
  }, []);

  const signOut = useCallback(() => {
    store(undefined);
    setToken(undefined);
    setState({ status: 'checking' });
  }, []);

  const needsNoToken =
    state.status === 'signed-in' &&
    (state.principal.method === 'none' || state.principal.method === 'header');
  const value = useMemo(
    () => ({ state, registry, signIn, signOut, needsNoToken }),
    [state, registry, signIn, signOut, needsNoToken],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The registry client of the signed-in session. */
export function useRegistry(): ModelRegistry {
  return useSession().registry;
}

/** The signed-in principal (pages render only once signed in). */
export function usePrincipal(): Principal {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('usePrincipal before sign-in');
  return state.principal;
}
