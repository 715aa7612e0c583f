export { ConfirmButton, type ConfirmButtonProps } from "./ConfirmButton.tsx";
export { EmailField } from "./EmailField.tsx";
export { EmptyState, type EmptyStateProps } from "./EmptyState.tsx";
export { ErrorState, type ErrorStateProps } from "./ErrorState.tsx";
export { FormError, type FormErrorProps } from "./FormError.tsx";
export { LoadingState, type LoadingStateProps } from "./LoadingState.tsx";
export { PageHeader, type PageHeaderProps } from "./PageHeader.tsx";
export { PasswordField } from "./PasswordField.tsx";
export { type Role, RoleBadge, type RoleBadgeProps, roleLabel } from "./RoleBadge.tsx";
