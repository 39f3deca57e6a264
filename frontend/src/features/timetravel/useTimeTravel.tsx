// Time travel on a page: the moment it shows (?as_of=, "" for now) and the controls to change
// it — the "Time travel" button (in the present), the banner (in the past) and the picker.
import { Button } from "antd";
import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { FieldTimeOutlined } from "../../components/icons";
import { parseInstant } from "./moments";
import { TimeTravelBanner } from "./TimeTravelBanner";
import { TimeTravelPicker } from "./TimeTravelPicker";

/** The moment the current page shows, from ?as_of= ("" for now): the one reading of the URL. */
export function useAsOf(): string {
  const [params] = useSearchParams();
  return parseInstant(params.get("as_of"));
}

export interface TimeTravelControls {
  /** "Time travel", shown in the present only. */
  button: ReactNode;
  /** "The fleet as it was at …", shown in the past only. */
  banner: ReactNode;
  /** The dialog; render it once, always. */
  picker: ReactNode;
}

/** The controls for a page at asOf; travel("") goes back to now. */
export function useTimeTravel(asOf: string, travel: (instant: string) => void): TimeTravelControls {
  const [picking, setPicking] = useState(false);
  const [opening, setOpening] = useState(0); // a new picker (fresh state) for every opening
  const pick = () => {
    setOpening((n) => n + 1);
    setPicking(true);
  };
  return {
    button: asOf ? null : (
      <Button icon={<FieldTimeOutlined />} onClick={pick}>
        Time travel
      </Button>
    ),
    banner: asOf ? <TimeTravelBanner asOf={asOf} onChangeMoment={pick} onBackToNow={() => travel("")} /> : null,
    picker: (
      <TimeTravelPicker
        key={opening}
        open={picking}
        value={asOf}
        onClose={() => setPicking(false)}
        onChange={(instant) => {
          setPicking(false);
          travel(instant);
        }}
      />
    ),
  };
}
