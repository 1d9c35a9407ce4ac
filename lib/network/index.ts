export * from './admin-vpn';
export * from './edge';
export * from './secure-network';
export * from './secure-sftp-server';
export * from './tls-policies';
export * from './web-firewall';
