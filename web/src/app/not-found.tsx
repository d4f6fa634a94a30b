import StoreLayout from './(store)/layout';
import StoreNotFound from './(store)/not-found';

/** A URL no route matches: the storefront's 404 inside the storefront's chrome. */
export default function NotFound() {
  return (
    <StoreLayout>
      <StoreNotFound />
    </StoreLayout>
  );
}
