import { AuthScreen } from './auth/auth-screen.js';
import { MainScreen } from './main/main-screen.js';
import { useAppState } from './shared/store-context.js';

export function App() {
  const state = useAppState();
  return state.auth.status === 'signed-in' ? <MainScreen /> : <AuthScreen />;
}
