// The test app's page: what a team's frontend writes. Bundled by esbuild for the browser test.
import { createRoot } from 'react-dom/client';
import { AuthorizeButton, AuthpipeProvider, type ConnectError, type ConnectResult, InstallButton } from '../../dist/index.js';

const authpipeUrl = new URLSearchParams(location.search).get('authpipe') ?? '';

function show(outcome: { ok: ConnectResult } | { error: string }): void {
  document.getElementById('result')!.textContent = JSON.stringify(outcome);
}

function App() {
  return (
    <AuthpipeProvider
      baseUrl={authpipeUrl}
      getSession={(request) =>
        fetch(`/api/authpipe/session?${new URLSearchParams({ ...request })}`).then((r) => r.json())
      }
    >
      <InstallButton
        id="install"
        provider="harvest"
        onInstall={(inst) => show({ ok: inst })}
        onError={(e: ConnectError) => show({ error: e.code })}
      />
      <AuthorizeButton
        id="authorize"
        provider="harvest"
        onAuthorize={(auth) => show({ ok: auth })}
        onError={(e: ConnectError) => show({ error: e.code })}
      >
        Connect your Harvest account
      </AuthorizeButton>
    </AuthpipeProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
