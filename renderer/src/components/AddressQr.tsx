import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';

/**
 * The student address as a QR code, for phones and tablets: point the camera, open the page,
 * type the room code. Drawn into a canvas (no HTML injection); the code itself is never in it.
 */
export function AddressQr({ url, size = 160 }: { url: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!canvas.current) return;
    QRCode.toCanvas(canvas.current, url, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then(
      () => setFailed(false),
      () => setFailed(true), // the address is still shown as text beside it
    );
  }, [url, size]);

  if (failed) return null;
  return <canvas ref={canvas} className="address-qr" role="img" aria-label={`QR code for ${url}`} width={size} height={size} />;
}
