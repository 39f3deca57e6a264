// Every icon the app shows, decorative: hidden from assistive technology, so a control's
// accessible name is exactly its visible label ("Edit", not "edit Edit"). antd's icons carry
// role="img" and their own name as aria-label; an icon that means something on its own belongs
// in a control with an aria-label (or visible text) instead. Import icons from here only
// (icons.test.ts holds every other file to it).
import {
  ApiOutlined as AntApiOutlined,
  ArrowRightOutlined as AntArrowRightOutlined,
  CheckOutlined as AntCheckOutlined,
  ClearOutlined as AntClearOutlined,
  CloseOutlined as AntCloseOutlined,
  CopyOutlined as AntCopyOutlined,
  DashboardOutlined as AntDashboardOutlined,
  DeleteOutlined as AntDeleteOutlined,
  DesktopOutlined as AntDesktopOutlined,
  DiffOutlined as AntDiffOutlined,
  DownOutlined as AntDownOutlined,
  DownloadOutlined as AntDownloadOutlined,
  EditOutlined as AntEditOutlined,
  FieldTimeOutlined as AntFieldTimeOutlined,
  HistoryOutlined as AntHistoryOutlined,
  KeyOutlined as AntKeyOutlined,
  MenuOutlined as AntMenuOutlined,
  MoonOutlined as AntMoonOutlined,
  QuestionCircleOutlined as AntQuestionCircleOutlined,
  ReloadOutlined as AntReloadOutlined,
  RollbackOutlined as AntRollbackOutlined,
  SearchOutlined as AntSearchOutlined,
  SettingOutlined as AntSettingOutlined,
  StopOutlined as AntStopOutlined,
  SunOutlined as AntSunOutlined,
  SwapOutlined as AntSwapOutlined,
  TableOutlined as AntTableOutlined,
  UndoOutlined as AntUndoOutlined,
  UploadOutlined as AntUploadOutlined,
  UserOutlined as AntUserOutlined,
} from "@ant-design/icons";
import type { AntdIconProps } from "@ant-design/icons/lib/components/AntdIcon";
import { createElement, forwardRef, type ComponentType, type RefAttributes } from "react";

type IconComponent = ComponentType<AntdIconProps & RefAttributes<HTMLSpanElement>>;

function decorative(Icon: IconComponent, name: string) {
  const Decorative = forwardRef<HTMLSpanElement, AntdIconProps>((props, ref) => createElement(Icon, { "aria-hidden": true, ...props, ref }));
  Decorative.displayName = name;
  return Decorative;
}

export const ApiOutlined = decorative(AntApiOutlined, "ApiOutlined");
export const ArrowRightOutlined = decorative(AntArrowRightOutlined, "ArrowRightOutlined");
export const CheckOutlined = decorative(AntCheckOutlined, "CheckOutlined");
export const ClearOutlined = decorative(AntClearOutlined, "ClearOutlined");
export const CloseOutlined = decorative(AntCloseOutlined, "CloseOutlined");
export const CopyOutlined = decorative(AntCopyOutlined, "CopyOutlined");
export const DashboardOutlined = decorative(AntDashboardOutlined, "DashboardOutlined");
export const DeleteOutlined = decorative(AntDeleteOutlined, "DeleteOutlined");
export const DesktopOutlined = decorative(AntDesktopOutlined, "DesktopOutlined");
export const DiffOutlined = decorative(AntDiffOutlined, "DiffOutlined");
export const DownOutlined = decorative(AntDownOutlined, "DownOutlined");
export const DownloadOutlined = decorative(AntDownloadOutlined, "DownloadOutlined");
export const EditOutlined = decorative(AntEditOutlined, "EditOutlined");
export const FieldTimeOutlined = decorative(AntFieldTimeOutlined, "FieldTimeOutlined");
export const HistoryOutlined = decorative(AntHistoryOutlined, "HistoryOutlined");
export const KeyOutlined = decorative(AntKeyOutlined, "KeyOutlined");
export const MenuOutlined = decorative(AntMenuOutlined, "MenuOutlined");
export const MoonOutlined = decorative(AntMoonOutlined, "MoonOutlined");
export const QuestionCircleOutlined = decorative(AntQuestionCircleOutlined, "QuestionCircleOutlined");
export const ReloadOutlined = decorative(AntReloadOutlined, "ReloadOutlined");
export const RollbackOutlined = decorative(AntRollbackOutlined, "RollbackOutlined");
export const SearchOutlined = decorative(AntSearchOutlined, "SearchOutlined");
export const SettingOutlined = decorative(AntSettingOutlined, "SettingOutlined");
export const StopOutlined = decorative(AntStopOutlined, "StopOutlined");
export const SunOutlined = decorative(AntSunOutlined, "SunOutlined");
export const SwapOutlined = decorative(AntSwapOutlined, "SwapOutlined");
export const TableOutlined = decorative(AntTableOutlined, "TableOutlined");
export const UndoOutlined = decorative(AntUndoOutlined, "UndoOutlined");
export const UploadOutlined = decorative(AntUploadOutlined, "UploadOutlined");
export const UserOutlined = decorative(AntUserOutlined, "UserOutlined");
