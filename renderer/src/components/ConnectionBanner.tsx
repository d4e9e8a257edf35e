import type { ConnectionStatus } from '../../../shared/client';

const TEXT: Partial<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… Your messages will be sent when the connection is back.',
};

export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const text = TEXT[status];
  return (
    <div role="status" aria-label="Connection" className={`connection-banner${text ? ' visible' : ''}`}>
      {text ?? ''}
    </div>
  );
}
