/** GitLab's project/group access levels (doc/api/access_requests.md, `permissions.*.access_level`). */
export const ACCESS_LEVEL = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;
export type Role = keyof typeof ACCESS_LEVEL;
