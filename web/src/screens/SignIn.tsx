import { useState } from 'react';
import { Alert } from '../page-states.tsx';

/** Signs in with a pasted token; the link `npm start` prints signs in without this. */
export function SignIn({ message, onToken }: { message: string | undefined; onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <main className="sign-in">
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) onToken(token.trim());
        }}
      >
        <h1>Sign in to Connectors</h1>
        <p className="muted">Open the sign-in link the server printed, or paste a token (a JWT from your identity provider or from <code>connectors token</code>).</p>
        <Alert message={message} />
        <label className="field">
          <span>Token</span>
          <textarea value={token} onChange={(event) => setToken(event.target.value)} rows={4} required spellCheck={false} />
        </label>
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
