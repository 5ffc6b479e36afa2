import {
  type ButtonHTMLAttributes,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ConnectError, type ConnectResult, type ConnectSession, connect, type SessionRequest } from './connect.js';

interface AuthpipeConfig {
  baseUrl: string;
  getSession: (request: SessionRequest) => Promise<ConnectSession>;
}

const AuthpipeContext = createContext<AuthpipeConfig | null>(null);

export interface AuthpipeProviderProps {
  /** The Authpipe server's public URL (`AUTHPIPE_BASE_URL`). */
  baseUrl: string;
  /**
   * Asks the app's own backend for a connect session (`POST /v1/connect/sessions` with the project's secret key,
   * which never reaches the browser) and resolves to its JSON, of which `url` is used.
   */
  getSession: (request: SessionRequest) => Promise<ConnectSession>;
  children?: ReactNode;
}

/** Makes the Authpipe server and the app's session source known to the connect buttons below it. */
export function AuthpipeProvider({ baseUrl, getSession, children }: AuthpipeProviderProps) {
  const value = useMemo(() => ({ baseUrl, getSession }), [baseUrl, getSession]);
  return <AuthpipeContext.Provider value={value}>{children}</AuthpipeContext.Provider>;
}

export type ConnectStatus = 'idle' | 'connecting' | 'connected' | 'failed';

/** The connect flow as a hook: `connect()` must be called from a click handler, so the popup is not blocked. */
export function useAuthpipeConnect(provider: string, credentialFor: 'installation' | 'user') {
  const config = useContext(AuthpipeContext);
  if (config === null) {
    throw new Error('useAuthpipeConnect and the connect buttons must be inside an <AuthpipeProvider>');
  }
  const [status, setStatus] = useState<ConnectStatus>('idle');
  const [error, setError] = useState<ConnectError | null>(null);
  const running = useRef<Promise<ConnectResult> | null>(null);
  const start = useCallback((): Promise<ConnectResult> => {
    if (running.current !== null) {
      return running.current; // a second click while the popup is open joins the first flow
    }
    setStatus('connecting');
    setError(null);
    const flow = connect({ baseUrl: config.baseUrl, getSession: config.getSession, provider, credentialFor }).then(
      (result) => {
        running.current = null;
        setStatus('connected');
        return result;
      },
      (failure: unknown) => {
        running.current = null;
        const connectError =
          failure instanceof ConnectError ? failure : new ConnectError('connect_failed', String(failure), { cause: failure });
        setStatus('failed');
        setError(connectError);
        throw connectError;
      },
    );
    running.current = flow;
    return flow;
  }, [config, provider, credentialFor]);
  return { connect: start, status, error };
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'onError' | 'type'>;

export interface InstallButtonProps extends ButtonProps {
  provider: string;
  /** Called with the outcome once the installation credential is stored. */
  onInstall?: (installation: ConnectResult) => void;
  onError?: (error: ConnectError) => void;
}

/** A button that installs the provider's app for the signed-in tenant, in a popup. */
export function InstallButton({ onInstall, children, ...rest }: InstallButtonProps) {
  return (
    <ConnectButton {...rest} credentialFor="installation" onConnect={onInstall}>
      {children ?? `Install ${rest.provider}`}
    </ConnectButton>
  );
}

export interface AuthorizeButtonProps extends ButtonProps {
  provider: string;
  /** Called with the outcome once the user credential is stored. */
  onAuthorize?: (authorization: ConnectResult) => void;
  onError?: (error: ConnectError) => void;
}

/** A button with which the signed-in user authorizes inside the tenant's installation, in a popup. */
export function AuthorizeButton({ onAuthorize, children, ...rest }: AuthorizeButtonProps) {
  return (
    <ConnectButton {...rest} credentialFor="user" onConnect={onAuthorize}>
      {children ?? `Connect ${rest.provider}`}
    </ConnectButton>
  );
}

interface ConnectButtonProps extends ButtonProps {
  provider: string;
  credentialFor: 'installation' | 'user';
  onConnect: ((result: ConnectResult) => void) | undefined;
  onError?: ((error: ConnectError) => void) | undefined;
}

/** The button both public ones render: busy and disabled while its flow runs. */
function ConnectButton({ provider, credentialFor, onConnect, onError, disabled, ...rest }: ConnectButtonProps) {
  const { connect: start, status } = useAuthpipeConnect(provider, credentialFor);
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled === true || status === 'connecting'}
      aria-busy={status === 'connecting'}
      data-status={status}
      onClick={() => {
        start().then(onConnect, (e: ConnectError) => onError?.(e));
      }}
    />
  );
}
