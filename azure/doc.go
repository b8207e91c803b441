// Package azure types the metadata of the events that Clazar delivers for
// Azure Marketplace: the listing lifecycle (submitted to Clazar, in Limited
// state, published) and the lifecycle of a SaaS contract (pending,
// registered, activated, quantity or plan changed, renewed, suspended,
// unsubscribed, reinstated).
//
// Each topic has one metadata struct, named after its entity and action, whose
// Topic method names the topic, so that the compiler ties the two together.
// Importing the package registers every Azure topic with package event:
//
//	e, err := event.Parse(body)
//	if err != nil {
//		return err // wraps event.ErrMalformed
//	}
//	switch e.Topic {
//	case topics.AzureContractActivated:
//		m, err := event.DecodeAs[azure.ContractActivated](e)
//		if err != nil {
//			return err // event.ErrMalformed or *event.ValidationError
//		}
//		fmt.Println(m.SubscriptionID, m.Entitlements.PlanID, m.EndDate)
//	}
//
// Quantities are event.Decimal and dates are event.Time, so that re-marshalling
// decoded metadata writes back the digits and time layouts it was read in.
// Validation asks only for the fields that identify a contract, the
// subscription_id and offer_id; everything else may be absent.
package azure
