// The host side of a container's veth: the link whose ifindex is the container end's iflink and
// whose iflink is the container end's ifindex. It may live in another namespace than ours (an OVS
// host namespace in the lab), so the namespace `ip netns list-id` names is tried first, then ours,
// then every named one.

import { ipLinksIn, ipNetnsIds, ipNetnsList, type IpLink } from '../host/ip.js';
import { netnsInode, type NetnsTarget } from '../host/netns.js';

export interface VethPeer {
  link: IpLink;
  /** Where it lives: undefined is this process's namespace. */
  netns: NetnsTarget;
  foundBy: string[];
}

const isPeer = (end: IpLink) => (l: IpLink): boolean => l.kind === 'veth' && l.ifindex === end.linkIndex && l.linkIndex === end.ifindex;

export async function findVethPeer(target: NetnsTarget, end: IpLink): Promise<VethPeer | undefined> {
  if (end.kind !== 'veth' || end.linkIndex === undefined) return undefined;
  const own = netnsInode(target);
  if (end.linkNetnsid === undefined) {
    const { links, command } = await ipLinksIn(target);
    const link = links.find(isPeer(end));
    return link && { link, netns: target, foundBy: [command] };
  }
  const ids = await ipNetnsIds(target);
  const named = ids.get(end.linkNetnsid);
  const candidates: NetnsTarget[] = [...(named ? [{ netns: named }] : []), undefined, ...(await ipNetnsList()).filter((n) => n !== named).map((n) => ({ netns: n }))];
  for (const candidate of candidates) {
    let inode: number;
    try {
      inode = netnsInode(candidate);
    } catch {
      continue; // removed since it was listed
    }
    if (inode === own) continue;
    const { links, command } = await ipLinksIn(candidate);
    const link = links.find(isPeer(end));
    if (link) return { link, netns: candidate, foundBy: [`ip -j netns list-id (in the container's namespace): nsid ${end.linkNetnsid}${named ? ` is ${named}` : ' has no name'}`, command] };
  }
  return undefined;
}
