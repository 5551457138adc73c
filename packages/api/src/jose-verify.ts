// The two parts of jose that verifying tokens needs, as one module to load on demand (a dynamic
// import of 'jose' itself would keep every export).
export { createRemoteJWKSet, jwtVerify } from 'jose';
