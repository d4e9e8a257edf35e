// The client side of the protocol, kept out of ../index so the host never loads socket.io-client.
export * from './roomConnection';
export * from './http';
export * from './emitter';
export * from './teacherApi';
