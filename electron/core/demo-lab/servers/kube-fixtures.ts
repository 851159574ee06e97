import type { KubeObject } from '../world';

/** A worker node as the API shows it, with the conditions a diagnosis looks at. */
export function labNode(name: string, now: Date, memoryPressure = false): KubeObject {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: ago(0.5),
    lastTransitionTime: ago(9 * 24 * 60),
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm6i.2xlarge' },
      creationTimestamp: ago(30 * 24 * 60),
    },
    spec: {},
    status: {
      capacity: { cpu: '8', memory: '32386756Ki', pods: '58' },
      allocatable: { cpu: '7910m', memory: '31369924Ki', pods: '58' },
      conditions: [
        condition(
          'MemoryPressure',
          memoryPressure ? 'True' : 'False',
          memoryPressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory',
          memoryPressure ? 'kubelet has insufficient memory available' : 'kubelet has sufficient memory available',
        ),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      nodeInfo: {
        kubeletVersion: 'v1.30.4-eks-a737599',
        containerRuntimeVersion: 'containerd://1.7.20',
        osImage: 'Amazon Linux 2023.5.20240805',
        architecture: 'amd64',
      },
    },
  };
}
