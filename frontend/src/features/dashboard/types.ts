import type { FleetStats } from "../../api/types";

export type CountByNameList = FleetStats["by_cluster"];
