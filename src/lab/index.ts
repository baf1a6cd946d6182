// The lab's public surface.

export { tearDown, type DownResult } from './down.js';
export type { InjectorKind, InjectorStatus } from './injectors.js';
export type { Progress } from './build.js';
export { labStatus, type ContainerStatus, type HostStatus, type LabStatus } from './status.js';
export type { InjectorSettings, LabState, Runtime } from './state.js';
export { runTraffic, type TrafficOptions, type TrafficResult } from './traffic.js';
export { isOvsOverlay, OVERLAYS, TUNNEL_PROTOCOL, type Overlay, type UnderlayFamily } from './topology.js';
export { labUp, type UpOptions, type UpResult } from './up.js';
