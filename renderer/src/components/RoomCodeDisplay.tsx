import { formatRoomCode } from '../../../shared';

/** The room code, big enough to read from the back of a classroom. */
export function RoomCodeDisplay({ code, size = 'huge' }: { code: string; size?: 'huge' | 'small' }) {
  return (
    <div className={`room-code room-code-${size}`}>
      <span className="room-code-caption" id={`room-code-caption-${size}`}>
        Room code
      </span>
      <output aria-labelledby={`room-code-caption-${size}`} className="room-code-value">
        {formatRoomCode(code)}
      </output>
    </div>
  );
}
